/**
 * People among themselves: profiles and search, friends and blocks, posts, comments and likes on
 * posts and activities, the home feed, and groups. Owns who sees whom ({@code Relationships}).
 */
@ApplicationModule(allowedDependencies = {"platform", "identity", "activity"})
@NullMarked
package io.strideline.social;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
