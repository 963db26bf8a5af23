"""Reading the user's own mail: parsing messages, stripping quoted text, telling bounces, automatic
replies and hiring mail apart, and talking IMAP (read-only). Nothing here touches the database or
prints: `crm.store.mail` records what these modules find and `crm.cli.mail` says it."""
