package org.sabt.registry.act;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Locale;
import java.util.Map;

/**
 * A name in Latin letters and the scheme that made it: ICAO Doc 9303 for the Russian letters, and for the
 * Tajik letters ICAO does not cover ғ→gh, ӣ→i, қ→q, ӯ→u, ҳ→h, ҷ→j.
 */
@Schema(description = "Latin form of a name and the transliteration scheme")
public record LatinName(@Schema(example = "Rahimzoda") String surname, @Schema(example = "Firdavs") String givenName,
                        String patronymic, @Schema(example = LatinName.SCHEME) String scheme) {

    public static final String SCHEME = "ICAO-9303+TJ";

    private static final Map<Character, String> LETTERS = Map.ofEntries(
            Map.entry('а', "a"), Map.entry('б', "b"), Map.entry('в', "v"), Map.entry('г', "g"), Map.entry('д', "d"),
            Map.entry('е', "e"), Map.entry('ё', "e"), Map.entry('ж', "zh"), Map.entry('з', "z"), Map.entry('и', "i"),
            Map.entry('й', "i"), Map.entry('к', "k"), Map.entry('л', "l"), Map.entry('м', "m"), Map.entry('н', "n"),
            Map.entry('о', "o"), Map.entry('п', "p"), Map.entry('р', "r"), Map.entry('с', "s"), Map.entry('т', "t"),
            Map.entry('у', "u"), Map.entry('ф', "f"), Map.entry('х', "kh"), Map.entry('ц', "ts"), Map.entry('ч', "ch"),
            Map.entry('ш', "sh"), Map.entry('щ', "shch"), Map.entry('ъ', "ie"), Map.entry('ы', "y"), Map.entry('ь', ""),
            Map.entry('э', "e"), Map.entry('ю', "iu"), Map.entry('я', "ia"),
            Map.entry('ғ', "gh"), Map.entry('ӣ', "i"), Map.entry('қ', "q"), Map.entry('ӯ', "u"), Map.entry('ҳ', "h"),
            Map.entry('ҷ', "j"));

    public static LatinName of(String surname, String givenName, String patronymic) {
        return new LatinName(transliterate(surname), transliterate(givenName), transliterate(patronymic), SCHEME);
    }

    /** Transliterates Cyrillic (Russian and Tajik letters); other characters pass unchanged. */
    public static String transliterate(String cyrillic) {
        if (cyrillic == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(cyrillic.length() + 8);
        for (char c : cyrillic.toCharArray()) {
            String latin = LETTERS.getOrDefault(Character.toLowerCase(c), String.valueOf(c));
            if (Character.isUpperCase(c) && !latin.isEmpty()) {
                latin = latin.substring(0, 1).toUpperCase(Locale.ROOT) + latin.substring(1);
            }
            out.append(latin);
        }
        return out.toString();
    }
}
