package org.sabt.registry.search;

import org.sabt.chassis.reference.ReferenceData;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Search keys: one spelling for every way a name is written. A name in Cyrillic (Tajik or Russian letters) or in
 * Latin (the registry's own ICAO-9303+TJ form, BGN/PCGN, passport spellings) folds to the same lowercase Latin key:
 * ё/е, й/и/ы, the Tajik letters and their Russian look-alikes (ғ/г, ӣ/и, қ/к, ӯ/у, ҳ/х, ҷ/ч and дж), kh/h, gh/g, q/k,
 * y/i, doubled letters. Given names are taken to the Tajik form of the national names register (names.csv), so its
 * Russian and English spellings fold together. Surnames also have a stem without their form's ending
 * (-зода/-заде/-zoda/-zade, -ов/-ова/-ев/-ева, -ӣ/-и), so Раҳимов, Раҳимова, Раҳимзода and Rahimi share one stem.
 */
public final class NameKeys {

    /** Runs of spaces (first: the register below is folded as the class loads). */
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" +");

    /**
     * Keys already made (declared before the register below, which is folded as the class loads): names are a small
     * vocabulary (the register's and the families'), and the matcher and the archive's bulk fold the same few
     * thousand names millions of times. Emptied when it holds {@link #KNOWN_AT_MOST}.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> KNOWN =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int KNOWN_AT_MOST = 100_000;

    private static final Map<Character, String> CYRILLIC = Map.ofEntries(
            Map.entry('а', "a"), Map.entry('б', "b"), Map.entry('в', "v"), Map.entry('г', "g"), Map.entry('ғ', "g"),
            Map.entry('д', "d"), Map.entry('е', "e"), Map.entry('ё', "e"), Map.entry('ж', "zh"), Map.entry('з', "z"),
            Map.entry('и', "i"), Map.entry('ӣ', "i"), Map.entry('й', "i"), Map.entry('к', "k"), Map.entry('қ', "k"),
            Map.entry('л', "l"), Map.entry('м', "m"), Map.entry('н', "n"), Map.entry('о', "o"), Map.entry('п', "p"),
            Map.entry('р', "r"), Map.entry('с', "s"), Map.entry('т', "t"), Map.entry('у', "u"), Map.entry('ӯ', "u"),
            Map.entry('ф', "f"), Map.entry('х', "h"), Map.entry('ҳ', "h"), Map.entry('ц', "ts"), Map.entry('ч', "ch"),
            Map.entry('ҷ', "j"), Map.entry('ш', "sh"), Map.entry('щ', "sh"), Map.entry('ъ', ""), Map.entry('ы', "i"),
            Map.entry('ь', ""), Map.entry('э', "e"), Map.entry('ю', "yu"), Map.entry('я', "ya"));

    /** Latin spellings of one sound, folded to one (longest first where one contains another). */
    private static final List<String[]> LATIN_FOLDS = List.of(
            new String[]{"shch", "sh"}, new String[]{"yo", "e"}, new String[]{"dzh", "j"}, new String[]{"dj", "j"}, new String[]{"zh", "j"},
            new String[]{"kh", "h"}, new String[]{"gh", "g"}, new String[]{"q", "k"}, new String[]{"x", "h"},
            new String[]{"w", "v"}, new String[]{"c", "ts"}, new String[]{"tsh", "ch"}, new String[]{"y", "i"});

    /** Surname endings of one family name's forms, longest first. */
    private static final List<String> SURNAME_ENDINGS = List.of("zoda", "zade", "zod", "ova", "eva", "ov", "ev", "i");
    /** Patronymic endings (Russian -ович/-овна, Tajik -зода/-ӣ), longest first. */
    private static final List<String> PATRONYMIC_ENDINGS = List.of("ovich", "evich", "ovna", "evna", "ich", "zoda",
            "zade", "i");

    private static final Map<String, String> REGISTER = register();

    private NameKeys() {
    }

    /** The key of a name in any script and spelling; "" for none. */
    public static String fold(String name) {
        if (name == null) {
            return "";
        }
        String known = KNOWN.get(name);
        if (known != null) {
            return known;
        }
        if (KNOWN.size() >= KNOWN_AT_MOST) {
            KNOWN.clear();
        }
        String key = makeKey(name);
        KNOWN.put(name, key);
        return key;
    }

    private static String makeKey(String name) {
        String lower = Normalizer.normalize(name.strip().toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        StringBuilder latin = new StringBuilder(lower.length() + 4);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            String mapped = CYRILLIC.get(c);
            if (mapped != null) {
                latin.append(mapped);
            } else if (c >= 'a' && c <= 'z') {
                latin.append(c);
            } else if (Character.isLetter(c)) {
                // Latin letters with diacritics (ş, ç, ö) fold to their base letter.
                String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
                latin.append(base.chars().allMatch(ch -> ch >= 'a' && ch <= 'z') ? base : "");
            } else if (Character.isWhitespace(c) || c == '-') {
                latin.append(' ');
            }
        }
        String key = latin.toString();
        for (String[] fold : LATIN_FOLDS) {
            key = key.replace(fold[0], fold[1]);
        }
        return SPACES.matcher(collapse(key).strip()).replaceAll(" ");
    }

    /** A given name's key: the register's Tajik form when the name is one of its spellings. */
    public static String given(String name) {
        String key = fold(name);
        return REGISTER.getOrDefault(key, key);
    }

    /** A surname's stem: its key without the ending its form adds (at least three letters are kept). */
    public static String surnameStem(String surname) {
        return stem(fold(surname), SURNAME_ENDINGS);
    }

    /** Every surname key whose stem this may be: the stem itself and the stem with each form's ending. */
    public static List<String> surnameKeysOf(String stem) {
        List<String> keys = new java.util.ArrayList<>(SURNAME_ENDINGS.size() + 1);
        keys.add(stem);
        SURNAME_ENDINGS.forEach(ending -> keys.add(stem + ending));
        return keys;
    }

    /** A patronymic's stem: the father's name it is made from, as a key. */
    public static String patronymicStem(String patronymic) {
        String stem = stem(fold(patronymic), PATRONYMIC_ENDINGS);
        return REGISTER.getOrDefault(stem, stem);
    }

    /** The words of a free-text query, each as a key. */
    public static List<String> words(String query) {
        String key = fold(query);
        return key.isEmpty() ? List.of() : List.of(key.split(" "));
    }

    private static String stem(String key, List<String> endings) {
        for (String ending : endings) {
            if (key.endsWith(ending) && key.length() - ending.length() >= 3) {
                return key.substring(0, key.length() - ending.length());
            }
        }
        return key;
    }

    private static String collapse(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (i == 0 || s.charAt(i) != s.charAt(i - 1)) {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }

    private static Map<String, String> register() {
        Map<String, String> register = new HashMap<>();
        for (String[] row : ReferenceData.rows("names.csv")) {
            if (row.length >= 5 && row[0].equals("given")) {
                String tajik = fold(row[2]);
                register.put(fold(row[3]), tajik);
                register.put(fold(row[4]), tajik);
            }
        }
        return Map.copyOf(register);
    }
}
