package io.strideline.platform;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names as search compares them: lower case, without accents ("Zoë" and "zoe" are one). Stored
 * folded beside the name and matched with {@code like} on a trigram index.
 */
public final class SearchText {

    private static final Pattern DIACRITICS = Pattern.compile("\\p{M}+");

    private SearchText() {}

    public static String fold(String text) {
        return DIACRITICS
                .matcher(Normalizer.normalize(text, Normalizer.Form.NFD))
                .replaceAll("")
                .toLowerCase(Locale.ROOT);
    }

    /** A {@code like ... escape '\'} pattern for names containing {@code query}. */
    public static String containing(String query) {
        String folded =
                fold(query.strip()).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + folded + "%";
    }
}
