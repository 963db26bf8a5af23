"""crm: find the hiring manager behind a job posting and keep the follow-up history."""

__version__ = "0.1.0"
