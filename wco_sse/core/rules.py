"""The platform's permissions: a file whose record is unknown is nobody's; a print
job and its file are only for the person who asked for it."""

import rules


@rules.predicate
def is_print_job_requester(user, job):
    return (
        job is not None
        and user.is_authenticated
        and getattr(job, "requested_by_id", None) == user.pk
    )


rules.add_perm("core.nobody", rules.always_deny)
rules.add_perm("core.view_print_job", is_print_job_requester)
