"""``{% fragment name stamp %}…{% endfragment %}``: the body cached under a stamp of
``core.fragments.stamp()`` (the view computes it: the viewer, what it varies on and
the versions of what the body shows). The one way templates cache a fragment, with
its hits counted like the panels'."""

from django import template

from .. import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, stamp):
        self.nodelist = nodelist
        self.name = name
        self.stamp = stamp

    def render(self, context):
        return fragments.cached(
            self.name.resolve(context),
            self.stamp.resolve(context),
            lambda: self.nodelist.render(context),
        )


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes a name and a stamp: {{% fragment 'name' stamp %}}"
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2])
    )
