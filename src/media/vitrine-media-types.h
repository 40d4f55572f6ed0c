/* vitrine-media-types.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * VitrineEngineState:
 * @VITRINE_ENGINE_STATE_STOPPED: no pipeline
 * @VITRINE_ENGINE_STATE_STARTING: the program pipeline is prerolling
 * @VITRINE_ENGINE_STATE_PREVIEW: program running, no destination active
 * @VITRINE_ENGINE_STATE_LIVE: at least one destination is active
 * @VITRINE_ENGINE_STATE_STOPPING: destinations are being finalised
 * @VITRINE_ENGINE_STATE_FAILED: the program pipeline failed; see the last error
 */
typedef enum
{
  VITRINE_ENGINE_STATE_STOPPED,
  VITRINE_ENGINE_STATE_STARTING,
  VITRINE_ENGINE_STATE_PREVIEW,
  VITRINE_ENGINE_STATE_LIVE,
  VITRINE_ENGINE_STATE_STOPPING,
  VITRINE_ENGINE_STATE_FAILED,
} VitrineEngineState;

/**
 * VitrineOutputState:
 * @VITRINE_OUTPUT_STATE_IDLE: never started
 * @VITRINE_OUTPUT_STATE_CONNECTING: waiting for the server / the first keyframe
 * @VITRINE_OUTPUT_STATE_LIVE: data is flowing to the server or the file
 * @VITRINE_OUTPUT_STATE_RECONNECTING: lost, waiting to try again
 * @VITRINE_OUTPUT_STATE_REJECTED: the server refused the stream key; no retry
 * @VITRINE_OUTPUT_STATE_FAILED: cannot work without the host changing something
 * @VITRINE_OUTPUT_STATE_STOPPED: stopped by the host
 */
typedef enum
{
  VITRINE_OUTPUT_STATE_IDLE,
  VITRINE_OUTPUT_STATE_CONNECTING,
  VITRINE_OUTPUT_STATE_LIVE,
  VITRINE_OUTPUT_STATE_RECONNECTING,
  VITRINE_OUTPUT_STATE_REJECTED,
  VITRINE_OUTPUT_STATE_FAILED,
  VITRINE_OUTPUT_STATE_STOPPED,
} VitrineOutputState;

#define VITRINE_MEDIA_ERROR (vitrine_media_error_quark ())

/**
 * VitrineMediaError:
 * @VITRINE_MEDIA_ERROR_MISSING_ELEMENT: a GStreamer element is not installed
 * @VITRINE_MEDIA_ERROR_SOURCE: a source (camera, screen, file) is unavailable
 * @VITRINE_MEDIA_ERROR_PIPELINE: the program pipeline failed
 * @VITRINE_MEDIA_ERROR_KEY_REJECTED: the server refused the stream key
 * @VITRINE_MEDIA_ERROR_NO_KEY: no stream key is stored for a destination
 * @VITRINE_MEDIA_ERROR_CONNECTION: the server could not be reached or dropped us
 * @VITRINE_MEDIA_ERROR_TLS: the server's certificate was not accepted
 * @VITRINE_MEDIA_ERROR_INVALID_URL: the destination URL cannot be used
 * @VITRINE_MEDIA_ERROR_WRITE: a recording could not be written
 * @VITRINE_MEDIA_ERROR_INVALID: a request that cannot be carried out (a deal
 *   on a sold-out product, a product that does not exist)
 */
typedef enum
{
  VITRINE_MEDIA_ERROR_MISSING_ELEMENT,
  VITRINE_MEDIA_ERROR_SOURCE,
  VITRINE_MEDIA_ERROR_PIPELINE,
  VITRINE_MEDIA_ERROR_KEY_REJECTED,
  VITRINE_MEDIA_ERROR_NO_KEY,
  VITRINE_MEDIA_ERROR_CONNECTION,
  VITRINE_MEDIA_ERROR_TLS,
  VITRINE_MEDIA_ERROR_INVALID_URL,
  VITRINE_MEDIA_ERROR_WRITE,
  VITRINE_MEDIA_ERROR_INVALID,
} VitrineMediaError;

GQuark      vitrine_media_error_quark             (void);
const char *vitrine_engine_state_to_string        (VitrineEngineState state);
const char *vitrine_output_state_to_string        (VitrineOutputState state);
const char *vitrine_output_state_to_display       (VitrineOutputState state);

G_END_DECLS
