package org.sabt.chassis.problem;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Texts of problem codes in tg, ru and en: a service's own bundle {@code problems} first, then the
 * chassis bundle {@code chassis-problems}. A code without a text shows as itself.
 */
public final class ProblemMessages {

    public static final List<String> LANGUAGES = List.of("tg", "ru", "en");
    private static final List<String> BUNDLES = List.of("problems", "chassis-problems");

    public static String detail(String code, Locale locale, Object... args) {
        for (String bundle : BUNDLES) {
            try {
                ResourceBundle rb = ResourceBundle.getBundle(bundle, locale, ProblemMessages.class.getClassLoader(),
                        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
                if (rb.containsKey(code)) {
                    return new MessageFormat(rb.getString(code), locale).format(args);
                }
            } catch (MissingResourceException e) {
                // this service has no bundle of that name: try the next
            }
        }
        return code;
    }

    /** As {@link #pick(List)}, from an Accept-Language header (absent or malformed: English). */
    public static Locale pick(String acceptLanguage) {
        try {
            return acceptLanguage == null ? Locale.ENGLISH : pick(Locale.LanguageRange.parse(acceptLanguage).stream()
                    .map(r -> Locale.forLanguageTag(r.getRange())).toList());
        } catch (IllegalArgumentException e) {
            return Locale.ENGLISH;
        }
    }

    /** The first of the caller's languages that Sabt speaks; English otherwise. */
    public static Locale pick(List<Locale> acceptable) {
        for (Locale l : acceptable) {
            if (LANGUAGES.contains(l.getLanguage())) {
                return Locale.of(l.getLanguage());
            }
        }
        return Locale.ENGLISH;
    }

    private ProblemMessages() {
    }
}
