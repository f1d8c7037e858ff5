# gunicorn reads this file from the directory it starts in (/app in the image), so
# the command lines in the Dockerfile and docker-compose.yml need not name it.
# The access log leaves out the tokens some links carry in their path.
logger_class = "wco_sse.access_log.RedactingLogger"
