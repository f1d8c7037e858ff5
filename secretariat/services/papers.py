"""An item's papers (別紙): attached, replaced, removed and put in order by the
item's author's side and the secretariat while the item can be edited; afterwards,
until its outcome, by the secretariat alone, each change with a note that goes into
the item's history (those reading the item must see that a paper changed).

Every change locks the item's row; its papers are its children and change only
under that lock, so their positions stay 1, 2, 3 … with no gaps and no ties.
"""

from django.utils.translation import gettext as _

from wco_sse.core.audit import actor_label, audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach, file_delete_within
from wco_sse.core.transactions import service_transaction
from wco_sse.core.uploads import ALL_KINDS

from ..models import AgendaItem, AgendaPaper, AgendaTransition
from .locks import lock_item

UP, DOWN = "up", "down"
Event = AgendaTransition.Event


def _locked_item(actor, item_id) -> AgendaItem:
    """The item, locked, if ``actor`` may change its papers in its state now."""
    item = lock_item(item_id)
    require(
        actor,
        "secretariat.change_item_papers",
        item,
        message=_(
            "The papers of this item can no longer be changed (it is %(status)s)."
        )
        % {"status": item.get_status_display()},
    )
    return item


def _note_needed(actor, item, note) -> str:
    """The note, required once the item has left its author's hands."""
    note = (note or "").strip()
    if not actor.has_perm("secretariat.edit_item_files", item) and not note:
        raise ServiceError(
            _(
                "The item has been submitted: say what changed in its papers and why. "
                "The note is kept in the item's history."
            ),
            field="note",
        )
    return note


def _record(item, *, actor, event, detail, note):
    """A change of the papers after submission goes into the item's history (while
    it is being drafted, the audit trail is enough)."""
    if actor.has_perm("secretariat.edit_item_files", item):
        return
    AgendaTransition.objects.create(
        item=item,
        from_status=item.status,
        to_status=item.status,
        meeting=item.meeting,
        actor=actor,
        actor_label=actor_label(actor),
        reason=note,
        event=event,
        detail=detail[:300],
    )


def _papers(item) -> list[AgendaPaper]:
    return list(
        AgendaPaper.objects.filter(item=item)
        .select_related("file")
        .order_by("position", "pk")
    )


def _renumber(papers):
    changed = []
    for position, paper in enumerate(papers, start=1):
        if paper.position != position:
            paper.position = position
            changed.append(paper)
    if changed:
        AgendaPaper.objects.bulk_update(changed, ["position"])


def _paper_of(item, paper_id) -> AgendaPaper:
    paper = next((p for p in _papers(item) if p.pk == paper_id), None)
    if paper is None:
        raise ServiceError(_("This paper was removed; please reload the page."))
    return paper


def _label(paper) -> str:
    return _("Paper %(n)s: %(name)s") % {
        "n": paper.position,
        "name": paper.file.original_name,
    }


def agenda_item_attach(
    *, actor, item: AgendaItem, uploaded, description="", note=""
) -> AgendaPaper:
    """Add a paper after the item's others, under the upload policy."""
    require(actor, "secretariat.change_item_papers", item)
    with service_transaction():
        return agenda_item_attach_within(
            actor=actor,
            item=item,
            uploaded=uploaded,
            description=description,
            note=note,
        )


def agenda_item_attach_within(
    *, actor, item: AgendaItem, uploaded, description="", note=""
) -> AgendaPaper:
    """``agenda_item_attach`` inside the caller's transaction, for a service that
    drafts an item and attaches the paper it generated (a fund application's)."""
    item = _locked_item(actor, item.pk)
    note = _note_needed(actor, item, note)
    stored = file_attach(
        actor=actor,
        target=item,
        uploaded=uploaded,
        description=(description or "").strip(),
        kinds=ALL_KINDS,
    )
    paper = AgendaPaper.objects.create(
        item=item, file=stored, position=len(_papers(item)) + 1
    )
    _record(item, actor=actor, event=Event.PAPER_ADDED, detail=_label(paper), note=note)
    return paper


def agenda_paper_replace(
    *, actor, item: AgendaItem, paper_id: int, uploaded, note=""
) -> AgendaPaper:
    """Put a new file in a paper's place; the old file is deleted."""
    require(actor, "secretariat.change_item_papers", item)
    if uploaded is None:
        raise ServiceError(_("Choose the new file."), field="file")
    with service_transaction():
        item = _locked_item(actor, item.pk)
        note = _note_needed(actor, item, note)
        paper = _paper_of(item, paper_id)
        old = paper.file
        before = _label(paper)
        paper.file = file_attach(
            actor=actor,
            target=item,
            uploaded=uploaded,
            description=old.description,
            kinds=ALL_KINDS,
        )
        paper.save(update_fields=["file"])
        file_delete_within(actor=actor, stored=old, target=item)
        _record(
            item,
            actor=actor,
            event=Event.PAPER_REPLACED,
            detail=f"{before} → {paper.file.original_name}",
            note=note,
        )
        audit_record(
            actor=actor, action="agenda.paper_replace", target=item, message=before
        )
    return paper


def agenda_paper_remove(*, actor, item: AgendaItem, paper_id: int, note="") -> None:
    require(actor, "secretariat.change_item_papers", item)
    with service_transaction():
        item = _locked_item(actor, item.pk)
        note = _note_needed(actor, item, note)
        paper = _paper_of(item, paper_id)
        label = _label(paper)
        stored = paper.file
        paper.delete()
        file_delete_within(actor=actor, stored=stored, target=item)
        _renumber(_papers(item))
        _record(item, actor=actor, event=Event.PAPER_REMOVED, detail=label, note=note)


def agenda_paper_move(
    *, actor, item: AgendaItem, paper_id: int, direction: str, note=""
) -> AgendaPaper:
    """Move a paper one place up or down among the item's papers."""
    require(actor, "secretariat.change_item_papers", item)
    if direction not in (UP, DOWN):
        raise ServiceError(_("Choose whether to move the paper up or down."))
    with service_transaction():
        item = _locked_item(actor, item.pk)
        note = _note_needed(actor, item, note)
        papers = _papers(item)
        paper = _paper_of(item, paper_id)
        paper = next(p for p in papers if p.pk == paper.pk)
        index = papers.index(paper)
        target = index - 1 if direction == UP else index + 1
        if not 0 <= target < len(papers):
            return paper  # first (or last) already: nothing to do
        before = _label(paper)
        papers[index], papers[target] = papers[target], papers[index]
        _renumber(papers)
        _record(
            item,
            actor=actor,
            event=Event.PAPER_MOVED,
            detail=f"{before} → {paper.position}",
            note=note,
        )
        audit_record(
            actor=actor, action="agenda.paper_move", target=item, message=before
        )
    return paper
