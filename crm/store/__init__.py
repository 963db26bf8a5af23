"""The store: the one way into the database. The command line calls only the names listed here.

Each area lives in its own module (companies, contacts, applications, interactions, interviews,
plans for the cadence, lookups, connections, backup, search); `db` opens the database and `models` holds
the tables, and neither is ever imported from outside this package.
"""

from crm.store.drivers import import_peewee

import_peewee()  # before any module of the store imports peewee: no database driver loads for SQLite

from crm.store.applications import (add_application, edit_application, link, list_applications,
                                    remove_application, set_decision, set_status, show_application, status_counts,
                                    unlink)
from crm.store.backup import RestoreSummary, export_tables, restore_file, restore_stream
from crm.store.board import board
from crm.store.companies import (add_company, company_for, edit_company, list_companies, remove_company,
                                 show_company)
from crm.store.connections import connections_at, import_connections
from crm.store.contacts import (add_contact, contacts_for_cards, edit_contact, list_contacts, remove_contact,
                                show_contact, snooze)
from crm.store.db import close_store, database_failure, open_existing_store, open_store, transaction
from crm.store.deletes import Touch, label, removal_touches, unlink_touches
from crm.store.interactions import edit_interaction, log_interaction, log_sent, remove_interaction
from crm.store.interviews import (delete_interview, edit_interview, interview_records, list_interviews,
                                  record_interview)
from crm.store.journal import ChangeSummary, UndoResult, begin_change, recent_changes, undo_last
from crm.store.merge import Dupe, MergeResult, contact_dupes, merge_companies, merge_contacts
from crm.store.lookups import SaveResult, find_company, save_lookup
from crm.store.mail import (MailBook, MailTally, accept_mail_proposals, add_alias, bounced_addresses, bounces_of,
                            dismiss_mail_proposals, forget_mail, mail_address_book, mail_folder_state, mail_proposals,
                            mail_status, record_mail)
from crm.store.plans import DueList, choose_draft, mark_cold, plan_due
from crm.store.records import application_record, company_record, contact_record, interaction_record
from crm.store.refs import (resolve_application, resolve_company, resolve_contact, resolve_interaction,
                            resolve_interview)
from crm.store.search import Hit, search
from crm.store.simple_due import due_simple
from crm.store.stats import search_stats
from crm.store.statuses import StatusResult, change_status
from crm.store.timeline import history

__all__ = [
    "DueList", "Hit", "MailBook", "MailTally", "accept_mail_proposals", "add_alias", "bounced_addresses",
    "bounces_of", "dismiss_mail_proposals", "forget_mail", "mail_address_book", "mail_folder_state", "mail_proposals",
    "mail_status", "record_mail", "RestoreSummary", "SaveResult", "StatusResult", "change_status", "edit_interaction",
    "edit_interview", "add_application", "add_company", "add_contact",
    "application_record", "board", "choose_draft", "close_store", "company_record", "connections_at", "contact_record",
    "contacts_for_cards", "database_failure", "delete_interview", "due_simple", "edit_application", "edit_company", "edit_contact",
    "export_tables", "company_for", "find_company", "history", "import_connections",
    "interaction_record", "interview_records", "link", "list_applications", "list_companies", "list_contacts",
    "list_interviews", "log_interaction", "log_sent", "mark_cold", "open_existing_store", "open_store",
    "plan_due", "record_interview", "remove_application", "remove_company", "remove_contact",
    "remove_interaction", "resolve_application", "resolve_company", "resolve_contact", "resolve_interaction",
    "resolve_interview", "restore_file", "restore_stream", "save_lookup", "search", "search_stats", "set_decision", "set_status",
    "show_application", "status_counts", "show_company", "show_contact", "snooze", "transaction", "unlink",
]
__all__ += ["ChangeSummary", "Touch", "UndoResult", "begin_change", "label", "recent_changes", "removal_touches",
            "undo_last", "unlink_touches"]  # the undo journal and what a delete touches
__all__ += ["Dupe", "MergeResult", "contact_dupes", "merge_companies", "merge_contacts"]  # duplicates
