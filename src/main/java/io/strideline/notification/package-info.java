/** In-app notifications for people (new alerts, sync warnings), read and marked read by the apps. */
@ApplicationModule(allowedDependencies = {"platform", "organization", "alerting"})
@NullMarked
package io.strideline.notification;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
