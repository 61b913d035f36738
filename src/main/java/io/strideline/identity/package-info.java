/** Accounts, passwords, access and refresh tokens, and the profile. */
@NullMarked
package io.strideline.identity;

import org.jspecify.annotations.NullMarked;
