package io.strideline.notification;

import io.strideline.platform.WireEnum;

/** What a notification is about. */
enum NotificationType implements WireEnum {
    /** a new alert of one of my organizations; data has alert_id, severity and device_id */
    ALERT
}
