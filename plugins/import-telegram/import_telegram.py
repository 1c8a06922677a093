# SPDX-License-Identifier: GPL-3.0-or-later
"""Imports a public Telegram channel from Telegram Desktop's JSON export
("Export chat history" → result.json), an example of a Python source
plugin (docs/plugins.md).

The file is hostile until read: what is not a channel export fails the
whole import with a reason, and a message that cannot be read is
rejected with its number and why, so that the rest come in."""
import json
import locale

import gi

gi.require_version('Peil', '1')
from gi.repository import Gio, GLib, GObject, Peil  # noqa: E402


def _(message):
    # The C library's gettext, which Peil has bound to its translations.
    return locale.dgettext('peil', message)


SOURCE_ID = 'telegram'
# The kinds of chat whose export this reads; a channel is the usual one.
CHAT_TYPES = ('public_channel', 'private_channel', 'public_supergroup', 'private_supergroup')
MAPPER = 'telegram/1'
# A channel's export of a few years is tens of megabytes; more is not an
# export Telegram Desktop writes, and would be held in memory whole.
MAX_BYTES = 256 * 1024 * 1024
# The last second GLib can show, 9999-12-31 23:59:59 UTC.
MAX_TIME = 253402300799
PEIL_ERROR = GLib.quark_to_string(Peil.Error.quark())


def fail(message):
    return GLib.Error(message, PEIL_ERROR, Peil.Error.INVALID)


def utf8(text):
    """@text with a half of a surrogate pair (a "\\ud800" escape), which
    UTF-8 cannot hold, as U+FFFD, as every import has it."""
    return text.encode('utf-16', 'surrogatepass').decode('utf-16', 'replace')


def flatten_text(text):
    """Telegram writes a plain text as a string and a formatted one as a
    list of strings and entities ({"type": "link", "text": …}); a named
    link (text_link) keeps its address after its words."""
    if isinstance(text, str):
        return text
    if not isinstance(text, list):
        raise ValueError(_('its “text” is neither text nor a list of parts'))
    parts = []
    for part in text:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get('text'), str):
            parts.append(part['text'])
            href = part.get('href')
            if part.get('type') == 'text_link' and isinstance(href, str) and href != part['text']:
                parts.append(' (%s)' % href)
        else:
            raise ValueError(_('a part of its “text” is neither text nor an entity with text'))
    return ''.join(parts)


def message_to_post(channel, message):
    """The post of a message, None for a service message (a pin, a
    title change), or ValueError with why it cannot be read."""
    if not isinstance(message, dict):
        raise ValueError(_('it is not an object'))
    if message.get('type', 'message') != 'message':
        return None
    number = message.get('id')
    if not isinstance(number, int) or isinstance(number, bool):
        raise ValueError(_('it has no number (“id”)'))

    text = utf8(flatten_text(message.get('text', '')))
    author, handle = message.get('from'), message.get('from_id')
    author = utf8(author) if isinstance(author, str) else None
    handle = utf8(handle) if isinstance(handle, str) else None
    if any('\0' in value for value in (text, author, handle) if value):
        raise ValueError(_('it holds the character NUL, which would cut it short'))

    post = Peil.Post.new(SOURCE_ID, '%s/%d' % (channel['id'], number))
    post.set_channel(channel['name'])
    post.set_text(text)
    if author:
        post.set_author_name(author)
    if handle:
        post.set_author_handle(handle)
    seconds = message.get('date_unixtime')
    if isinstance(seconds, str) and seconds.isascii() and seconds.isdigit():
        if int(seconds) > MAX_TIME:
            raise ValueError(_('its time (“date_unixtime”) is not a number of seconds between 1970 and 9999'))
        post.set_created_at(int(seconds))
    elif seconds is not None:
        raise ValueError(_('its time (“date_unixtime”) is not a number of seconds'))
    post.set_raw(utf8(json.dumps(message, ensure_ascii=False)), MAPPER)
    return post


def read_export(data):
    """The channel's name and id and its messages, or GLib.Error."""
    # As in every import, a byte that is not UTF-8 becomes U+FFFD.
    text = data.decode('utf-8', 'replace').removeprefix('\ufeff')
    try:
        export = json.loads(text)
    except RecursionError:
        raise fail(_('The file nests too deeply to be a Telegram export'))
    except ValueError as error:
        raise fail(_('The file is not JSON: %s') % error)
    if not isinstance(export, dict):
        raise fail(_('The file is not a Telegram export: it holds no object'))
    messages = export.get('messages')
    if not isinstance(messages, list):
        raise fail(_('The file is not a Telegram export: it has no list of “messages”'))
    name, number = export.get('name'), export.get('id')
    if (not isinstance(name, str) or '\0' in name or
            not isinstance(number, int) or isinstance(number, bool)):
        raise fail(_('The Telegram export does not say which channel it is (“name” and “id”)'))
    return {'name': utf8(name), 'id': number}, messages


class TelegramSource(GObject.Object, Peil.Source):
    __gtype_name__ = 'PeilTelegramSource'

    def do_get_id(self):
        return SOURCE_ID

    def do_get_name(self):
        return _('Telegram channel (JSON export)')

    def do_sniff(self, head, length):
        # Telegram Desktop writes the export indented, its header first:
        # {"name": …, "type": "public_channel", "id": …, "messages": [.
        text = bytes(head[:length]).decode('utf-8', 'replace')
        return text.lstrip().startswith('{') and any(
            '"type": "%s"' % kind in text for kind in CHAT_TYPES)

    def do_gather(self, job, cancellable):
        # Every failure leaves as a GError: an exception would reach the
        # caller as FALSE without one.
        try:
            self._gather(job, cancellable)
        except GLib.Error:
            raise
        except Exception as error:  # a bug here must not stop Peil
            raise fail(_('The Telegram import failed: %s') % error)
        return True

    def _gather(self, job, cancellable):
        file = job.get_file()
        if file is None:
            raise fail(_('The Telegram import reads a file, not a query'))
        info = file.query_info('standard::size', Gio.FileQueryInfoFlags.NONE, cancellable)
        if info.get_size() > MAX_BYTES:
            raise fail(_('The file is larger than a Telegram export can be (256 MB)'))
        ok, data, _etag = file.load_contents(cancellable)
        channel, messages = read_export(bytes(data))

        for index, message in enumerate(messages, start=1):
            try:
                post = message_to_post(channel, message)
            except ValueError as error:
                job.reject(index, _('Message %d: %s') % (index, error))
                continue
            if post is not None and not job.add_post(post, index):
                break

