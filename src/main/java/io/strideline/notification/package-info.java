/** In-app notifications for people (new alerts, sync warnings, friend requests, comments, likes, group invitations, levels, badges, challenges, goals met), read and marked read by the apps. */
@ApplicationModule(allowedDependencies = {"platform", "organization", "alerting", "identity", "social", "gamification"})
@NullMarked
package io.strideline.notification;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
