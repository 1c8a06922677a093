/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "peil-uuid.h"

/*
 * UUIDs of version 7 (RFC 9562): 48 bits of Unix time in milliseconds,
 * then 74 random bits. What a replica makes (itself, a note, a phone
 * question) is known to the whole team by one, so that two replicas
 * never make the same id and one thing arriving twice is seen to be one;
 * made later, they sort later. GLib makes only version 4.
 */

/**
 * peil_uuid7_format:
 * @milliseconds: Unix time in milliseconds, of which 48 bits are used
 * @rand_a: 12 bits after the version
 * @rand_b: 62 bits after the variant
 *
 * Writes a UUID version 7 from its parts: peil_uuid7_new() takes them from the
 * clock and random numbers, and tests give known values.
 *
 * Returns: (transfer full): the UUID in its usual lowercase text form
 */
char *
peil_uuid7_format (guint64 milliseconds,
                   guint16 rand_a,
                   guint64 rand_b)
{
  milliseconds &= G_GUINT64_CONSTANT (0xffffffffffff);
  rand_a &= 0x0fff;
  rand_b &= G_GUINT64_CONSTANT (0x3fffffffffffffff);
  return g_strdup_printf ("%08x-%04x-%04x-%04x-%012" G_GINT64_MODIFIER "x",
                          (guint)(milliseconds >> 16), (guint)(milliseconds & 0xffff),
                          0x7000u | rand_a, (guint)(0x8000u | (rand_b >> 48)),
                          rand_b & G_GUINT64_CONSTANT (0xffffffffffff));
}

/**
 * peil_uuid7_new:
 *
 * Within a process, each is later than the one before even in the same
 * millisecond: rand_a counts on from a random start there (RFC 9562,
 * 6.2, method 1), and a counter that runs over moves to the next
 * millisecond.
 *
 * Returns: (transfer full): a new UUIDv7
 */
char *
peil_uuid7_new (void)
{
  static GMutex lock;
  static guint64 last_milliseconds;
  static guint16 last_counter;
  guint64 milliseconds = (guint64)(g_get_real_time () / 1000);
  guint64 rand_b = ((guint64)g_random_int () << 32) | g_random_int ();
  guint16 counter;

  g_mutex_lock (&lock);
  if (milliseconds <= last_milliseconds)
    {
      milliseconds = last_milliseconds;
      if (last_counter >= 0x0fff)
        {
          milliseconds++;
          counter = (guint16)g_random_int_range (0, 0x800);
        }
      else
        counter = last_counter + 1;
    }
  else
    /* The lower half: room to count on within the millisecond. */
    counter = (guint16)g_random_int_range (0, 0x800);
  last_milliseconds = milliseconds;
  last_counter = counter;
  g_mutex_unlock (&lock);

  return peil_uuid7_format (milliseconds, counter, rand_b);
}
