/* vitrine-twitch-irc.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * VitrineTwitchIrcMessage:
 * @tags: (element-type utf8 utf8): IRCv3 tags, key → unescaped value (`""`
 *   when the tag has no value); never %NULL
 * @prefix: (nullable): the source without its `:` (`nick!user@host` or
 *   `tmi.twitch.tv`)
 * @nick: (nullable): the part of @prefix before `!`, or all of it
 * @command: the command in upper case (`PRIVMSG`, `001`…); never empty
 * @params: (element-type utf8): the middle parameters, then the trailing
 *   one (without its `:`) if there is one
 * @has_trailing: whether the last of @params came after a `:` (it may be
 *   empty or hold spaces)
 *
 * One IRC line as Twitch sends it. Values are bytes as received: they may
 * not be UTF-8, and nothing in here is fit to show before it is sanitised.
 */
typedef struct
{
  GHashTable *tags;
  char       *prefix;
  char       *nick;
  char       *command;
  GPtrArray  *params;
  gboolean    has_trailing;
} VitrineTwitchIrcMessage;

/**
 * VitrineTwitchIrcEmote:
 * @id: the emote id (`25` for Kappa)
 * @start: byte offset of the first byte in the text
 * @end: byte offset just past the last byte (exclusive)
 *
 * Where an emote sits in a PRIVMSG's text, converted from Twitch's
 * code-point positions to bytes and clamped to the text.
 */
typedef struct
{
  char  *id;
  gsize  start;
  gsize  end;
} VitrineTwitchIrcEmote;

VitrineTwitchIrcMessage *vitrine_twitch_irc_parse_line     (const char              *line,
                                                            gssize                   length);
void                     vitrine_twitch_irc_message_free   (VitrineTwitchIrcMessage *message);
const char              *vitrine_twitch_irc_message_get_tag   (VitrineTwitchIrcMessage *message,
                                                               const char              *key);
const char              *vitrine_twitch_irc_message_get_param (VitrineTwitchIrcMessage *message,
                                                               guint                    index);
const char              *vitrine_twitch_irc_message_get_trailing (VitrineTwitchIrcMessage *message);
char                    *vitrine_twitch_irc_unescape_tag   (const char              *value,
                                                            gssize                   length);
char                   **vitrine_twitch_irc_split_frame    (const char              *frame,
                                                            gsize                    length);
char                    *vitrine_twitch_irc_strip_action   (const char              *text,
                                                            gboolean                *is_action);
GArray                  *vitrine_twitch_irc_parse_emotes   (const char              *emotes,
                                                            const char              *text);
gboolean                 vitrine_twitch_irc_parse_uint     (const char              *value,
                                                            guint64                 *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineTwitchIrcMessage, vitrine_twitch_irc_message_free)

G_END_DECLS
