"""What the reports part of the business section plugs into (file owners, panels,
audit words, subject handlers): imported by `BusinessConfig.ready()`."""
