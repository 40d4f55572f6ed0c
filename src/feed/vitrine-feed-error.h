/* vitrine-feed-error.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VITRINE_FEED_ERROR (vitrine_feed_error_quark ())

/**
 * VitrineFeedError:
 * @VITRINE_FEED_ERROR_FAILED: something else went wrong; the message says what
 * @VITRINE_FEED_ERROR_INVALID_URL: the configured address of the shop or
 *   platform is not usable (not http(s), or plain http to a remote host, which
 *   would send the credentials in the clear)
 * @VITRINE_FEED_ERROR_KEY_MISSING: no access token or key is stored for the
 *   shop or platform (neither in the keyring nor in the environment)
 * @VITRINE_FEED_ERROR_KEY_REJECTED: the shop or platform refused the access
 *   token or key (HTTP 401 or 403, or a missing permission): enter it again
 * @VITRINE_FEED_ERROR_UNREACHABLE: the host name does not resolve, or the
 *   connection is refused, reset or times out
 * @VITRINE_FEED_ERROR_RATE_LIMITED: the platform kept refusing for too many
 *   requests after Vitrine waited as told; try again later
 * @VITRINE_FEED_ERROR_SERVER_ERROR: the platform kept answering with a server
 *   error (HTTP 5xx) after a few tries
 * @VITRINE_FEED_ERROR_NOT_FOUND: the address answers, but not with the
 *   expected API (HTTP 404: a wrong address or API version)
 * @VITRINE_FEED_ERROR_PROTOCOL: the answer is not what the API documents
 *   (not JSON, or an error the platform describes in its own words)
 *
 * Errors of the feed layer: chat connectors and shop connectors. Each code is
 * something a caller can act on; the message is translated, for the host, and
 * never contains a token or key.
 */
typedef enum
{
  VITRINE_FEED_ERROR_FAILED,
  VITRINE_FEED_ERROR_INVALID_URL,
  VITRINE_FEED_ERROR_KEY_MISSING,
  VITRINE_FEED_ERROR_KEY_REJECTED,
  VITRINE_FEED_ERROR_UNREACHABLE,
  VITRINE_FEED_ERROR_RATE_LIMITED,
  VITRINE_FEED_ERROR_SERVER_ERROR,
  VITRINE_FEED_ERROR_NOT_FOUND,
  VITRINE_FEED_ERROR_PROTOCOL,
} VitrineFeedError;

GQuark vitrine_feed_error_quark (void);

G_END_DECLS
