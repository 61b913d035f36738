package io.strideline.identity;

/** What a viewer is to the owner of something, which decides what of it they may see. */
public enum Relation {
    /** the owner themselves */
    SELF,
    FRIEND,
    /** signed in, neither a friend nor blocked */
    STRANGER,
    /** one of the two blocked the other: nothing is seen either way */
    BLOCKED;

    public boolean sees(Visibility visibility) {
        return switch (this) {
            case SELF -> true;
            case FRIEND -> visibility != Visibility.PRIVATE;
            case STRANGER -> visibility == Visibility.PUBLIC;
            case BLOCKED -> false;
        };
    }

    /** The visibilities this viewer sees, for SQL ({@code visibility = any(?)}). */
    public String[] visibleWires() {
        return java.util.Arrays.stream(Visibility.values())
                .filter(this::sees)
                .map(Visibility::wire)
                .toArray(String[]::new);
    }
}
