/** Organizations, their members and roles: who may see and manage which devices. */
@NullMarked
package io.strideline.organization;

import org.jspecify.annotations.NullMarked;
