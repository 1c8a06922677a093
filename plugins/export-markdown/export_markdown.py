# SPDX-License-Identifier: GPL-3.0-or-later
"""A Markdown summary of an incident's posts per tag, an example of a
Python exporter plugin (docs/plugins.md).

A heading per dimension, a heading per tag with its count, and under it
the tag's posts, newest first: time, author and text, pseudonymised as
every export is unless the caller asked for real names (and logged why).
The posts follow the export's filter; a tag without posts is left out."""
import locale

import gi

gi.require_version('Peil', '1')
from gi.repository import GLib, GObject, Peil  # noqa: E402


def _(message):
    # The C library's gettext, which Peil has bound to its translations.
    return locale.dgettext('peil', message)


# The first and last second GLib has a date for: 0001-01-01, 9999-12-31.
FIRST_TIME, LAST_TIME = -62135596800, 253402300799


def one_line(text):
    """A text as one Markdown list item: no line breaks, and nothing a
    post writes can open a heading, list or HTML block of its own."""
    text = ' '.join((text or '').split())
    for special in ('\\', '`', '*', '_', '[', ']', '<', '>', '#', '|'):
        text = text.replace(special, '\\' + special)
    return text


def post_line(post, names):
    author = post.get_author_name() or post.get_author_handle()
    text = post.get_text()
    if names is not None:
        author = names.dup_author(post)
        text = names.dup_text(text)
    when = post.get_created_at()
    if not when:
        when = _('no time')
    elif FIRST_TIME <= when <= LAST_TIME:
        when = GLib.DateTime.new_from_unix_utc(when).format('%Y-%m-%d %H:%M')
    else:
        when = str(when)   # GLib has no date for it: its seconds, not a failed export
    return '- %s · %s: %s\n' % (when, one_line(author or _('unknown')), one_line(text))


class MarkdownExporter(GObject.Object, Peil.FileFormat, Peil.Exporter):
    __gtype_name__ = 'PeilMarkdownExporter'

    def do_get_format_id(self):
        return 'markdown'

    def do_get_name(self):
        return _('Markdown summary per tag')

    def do_get_extension(self):
        return 'md'

    def do_get_mime_type(self):
        return 'text/markdown'

    def do_write(self, incident, filter, flags, stream, cancellable):
        # Every failure leaves as a GError: an exception would reach the
        # caller as FALSE without one.
        try:
            return self._write(incident, filter, flags, stream, cancellable)
        except GLib.Error:
            raise
        except Exception as error:  # a bug here must not stop Peil
            raise GLib.Error(_('The Markdown export failed: %s') % error,
                             GLib.quark_to_string(Peil.Error.quark()), Peil.Error.FAILED)

    def _write(self, incident, filter, flags, stream, cancellable):
        names = None
        if not flags & Peil.ExportFlags.REAL_NAMES:
            names = incident.dup_pseudonymizer()

        title = incident.get_metadata(Peil.META_TITLE) or _('Posts per tag')
        out = ['# %s\n' % one_line(title)]
        if incident.is_exercise():
            out.append('\n**%s**\n' % Peil.EXERCISE_MARK)

        for dimension in incident.get_taxonomy().get_dimensions():
            section = []
            for tag in dimension.get_tags():
                tagged = filter.copy() if filter is not None else Peil.Filter.new()
                tagged.add_tag(tag.get_code())
                ids = incident.search(tagged)
                if not ids:
                    continue
                section.append('\n### %s (%d)\n\n' % (one_line(tag.get_label()), len(ids)))
                for post_id in ids:
                    section.append(post_line(incident.get_post(post_id), names))
            if section:
                out.append('\n## %s\n' % one_line(dimension.get_label()))
                out.extend(section)

        stream.write_all(''.join(out).encode('utf-8'), cancellable)
        return True
