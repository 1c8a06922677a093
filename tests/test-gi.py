#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peil through GObject introspection, as a Python script or plugin sees
it: the build tree's typelib (GI_TYPELIB_PATH) and library."""
import os
import shutil
import tempfile
import unittest

import gi

gi.require_version('Peil', '1')
from gi.repository import Gio, GLib, Peil  # noqa: E402


class IntrospectionTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='peil-gi-')
        Peil.init()
        self.incident = Peil.Incident.create(Gio.File.new_for_path(os.path.join(self.dir, 'gi.peil')), None)
        self.incident.set_analyst('Test Analist')

    def tearDown(self):
        del self.incident
        shutil.rmtree(self.dir)

    def add_post(self, remote_id, text, created_at):
        post = Peil.Post.new('manual', remote_id)
        post.set_text(text)
        post.set_author_handle('jan')
        post.set_created_at(created_at)
        added = self.incident.add_post(post)
        self.assertTrue(added)
        return post.get_id()

    def test_post_round_trip(self):
        post_id = self.add_post('a', 'Brand bij de haven', 1709284500)
        self.assertEqual(self.incident.count_posts(), 1)

        post = self.incident.get_post(post_id)
        self.assertEqual(post.get_text(), 'Brand bij de haven')
        self.assertEqual(post.get_author_handle(), 'jan')
        self.assertEqual(post.get_created_at(), 1709284500)
        self.assertEqual(post.get_source(), 'manual')

    def test_tags_and_counts(self):
        fire = self.add_post('a', 'Brand', 1709284500)
        self.add_post('b', 'Rook', 1709286000)
        self.incident.tag_post(fire, 'IB-WAT')

        # The tag lives in its post: the post must outlive it.
        tagged = self.incident.get_post(fire)
        self.assertEqual(tagged.get_n_tags(), 1)
        self.assertEqual(tagged.get_tag(0).code, 'IB-WAT')
        self.assertEqual(tagged.get_tag(0).analyst, 'Test Analist')

        # A boxed PeilCounts, with the enum types of peil-enum-types.h.
        counts = self.incident.count(None)
        self.assertIsInstance(counts, Peil.Counts)
        self.assertEqual(counts.total, 2)
        self.assertEqual(counts.untimed, 0)

        only = Peil.Filter.new()
        only.add_tag('IB-WAT')
        self.assertEqual(list(self.incident.search(only)), [fire])
        self.assertEqual(Peil.FilterOffTopic.INCLUDE, 2)

    def test_errors_are_peil_errors(self):
        with self.assertRaises(GLib.Error) as caught:
            self.incident.tag_post(12345, 'IB-WAT')
        self.assertEqual(caught.exception.domain, GLib.quark_to_string(Peil.Error.quark()))
        self.assertEqual(caught.exception.code, Peil.Error.UNKNOWN_POST)

    def test_arrays_of_boxed_are_the_callers(self):
        # A GPtrArray that frees its elements is (transfer container): with
        # (transfer full) Python freed every event twice and read freed memory.
        post_id = self.add_post('a', 'Brand', 1709284500)
        for _ in range(3):
            events = self.incident.list_events(0)
            self.assertEqual([event.action for event in events], ['add', 'metadata', 'create', 'metadata'])

        # A record in such an array is a boxed type, which Python copies.
        self.incident.add_note(post_id, 'Gebeld met de gemeente')
        for _ in range(3):
            notes = self.incident.list_notes(post_id)
            self.assertEqual([(note.text, note.analyst) for note in notes], [('Gebeld met de gemeente', 'Test Analist')])

    def test_disabled_plugins_are_a_list(self):
        # A list of module names, not one string read as one.
        engine = Peil.PluginEngine.new()
        engine.set_disabled(['export_markdown', 'import-csv'])
        engine.set_disabled(None)


if __name__ == '__main__':
    unittest.main(verbosity=2)
