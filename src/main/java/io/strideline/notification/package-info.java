/** In-app notifications for people (new alerts, sync warnings), read and marked read by the apps. */
@NullMarked
package io.strideline.notification;

import org.jspecify.annotations.NullMarked;
