/* vitrine-media-types.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-media-types.h"

G_DEFINE_QUARK (vitrine-media-error-quark, vitrine_media_error)

/* Stable, untranslated names: used in the headless JSON lines. */
const char *
vitrine_engine_state_to_string (VitrineEngineState state)
{
  switch (state)
    {
    case VITRINE_ENGINE_STATE_STOPPED:  return "stopped";
    case VITRINE_ENGINE_STATE_STARTING: return "starting";
    case VITRINE_ENGINE_STATE_PREVIEW:  return "preview";
    case VITRINE_ENGINE_STATE_LIVE:     return "live";
    case VITRINE_ENGINE_STATE_STOPPING: return "stopping";
    case VITRINE_ENGINE_STATE_FAILED:   return "failed";
    default:                            return "unknown";
    }
}

const char *
vitrine_output_state_to_string (VitrineOutputState state)
{
  switch (state)
    {
    case VITRINE_OUTPUT_STATE_IDLE:         return "idle";
    case VITRINE_OUTPUT_STATE_CONNECTING:   return "connecting";
    case VITRINE_OUTPUT_STATE_LIVE:         return "live";
    case VITRINE_OUTPUT_STATE_RECONNECTING: return "reconnecting";
    case VITRINE_OUTPUT_STATE_REJECTED:     return "rejected";
    case VITRINE_OUTPUT_STATE_FAILED:       return "failed";
    case VITRINE_OUTPUT_STATE_STOPPED:      return "stopped";
    default:                                return "unknown";
    }
}

/* Short translated labels for the destinations list. */
const char *
vitrine_output_state_to_display (VitrineOutputState state)
{
  switch (state)
    {
    case VITRINE_OUTPUT_STATE_IDLE:         return C_("destination state", "Ready");
    case VITRINE_OUTPUT_STATE_CONNECTING:   return C_("destination state", "Connecting…");
    case VITRINE_OUTPUT_STATE_LIVE:         return C_("destination state", "Live");
    case VITRINE_OUTPUT_STATE_RECONNECTING: return C_("destination state", "Reconnecting…");
    case VITRINE_OUTPUT_STATE_REJECTED:     return C_("destination state", "Key rejected");
    case VITRINE_OUTPUT_STATE_FAILED:       return C_("destination state", "Failed");
    case VITRINE_OUTPUT_STATE_STOPPED:      return C_("destination state", "Stopped");
    default:                                return "";
    }
}
