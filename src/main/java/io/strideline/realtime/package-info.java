/**
 * Live updates: WebSocket ({@code /api/v1/ws}) and Server-Sent Events ({@code /api/v1/events}) for
 * people, commands pushed to devices ({@code /api/v1/device/ws}). Events of the other modules are
 * turned into topic events after their transaction commits, written to a short-lived log and fanned
 * out to every instance through PostgreSQL LISTEN/NOTIFY.
 */
@ApplicationModule(
        allowedDependencies = {
            "platform",
            "identity",
            "organization",
            "device",
            "telemetry",
            "sync",
            "activity",
            "steps",
            "social",
            "gamification",
            "alerting",
            "notification"
        })
@NullMarked
package io.strideline.realtime;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
