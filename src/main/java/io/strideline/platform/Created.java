package io.strideline.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a handler that creates a resource: its 201 answer carries {@code Location}, expanded from
 * the answer body ({@code {id}} or a dotted path such as {@code {device.id}}), and the OpenAPI
 * document says so. With {@code duplicateIs200}, a retry of the same request (same
 * {@code client_id}) answers 200 with what is stored, and the document lists both codes.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Created {

    /** Template of the new resource's path, e.g. {@code /api/v1/goals/{id}}; empty for none. */
    String location() default "";

    /** The same request again answers 200 with the stored resource instead of 201. */
    boolean duplicateIs200() default false;
}
