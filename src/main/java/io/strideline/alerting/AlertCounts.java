package io.strideline.alerting;

import java.util.Collection;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Open alerts of some organizations, for fleet summaries. */
@Component
public class AlertCounts {

    private final AlertRepository alerts;

    AlertCounts(AlertRepository alerts) {
        this.alerts = alerts;
    }

    public long open(Collection<UUID> orgIds) {
        return alerts.openAlerts(orgIds);
    }
}
