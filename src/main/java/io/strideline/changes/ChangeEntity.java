package io.strideline.changes;

import io.strideline.platform.WireEnum;

/** The kinds of entity the change feed reports; each is fetched from its own endpoint. */
enum ChangeEntity implements WireEnum {
    /** GET /activities/{id} */
    ACTIVITY,
    /** GET /devices/{id} */
    DEVICE,
    /** GET /routes/{id} */
    ROUTE,
    /** one day of steps, its id the local date: GET /steps/daily?date= */
    STEPS,
    /** GET /goals/{id} */
    GOAL
}
