package org.sabt.application.catalogue;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Locale;

/** A name in the three languages of the country (tg, ru, en). */
@Schema(description = "A name in Tajik, Russian and English")
public record Names(@Schema(example = "Бақайдгирии таваллуд") String tg, @Schema(example = "Регистрация рождения") String ru,
                   @Schema(example = "Registration of a birth") String en) {

    public String in(Locale locale) {
        return switch (locale.getLanguage()) {
            case "tg" -> tg;
            case "ru" -> ru;
            default -> en;
        };
    }
}
