package org.sabt.registry.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A synthetic population for measuring the matcher and the search: families (mother, father, children) with names
 * from the national names register (names.csv), patronymics from the father's name, national ids for most adults,
 * and birth dates spread over 75 years; and, for any person, a second record of them as a clerk might write it
 * (another script or transliteration, a typo, another surname form, a day or two off, no patronymic). Seeded, so a
 * run is repeatable. Depends only on the JDK, so the benchmark can use it too.
 */
public final class PopulationGenerator {

    public enum Sex { MALE, FEMALE }

    /** One generated person; mother and father are indexes into the population, -1 when unknown. */
    public record Someone(int index, String surname, String givenName, String patronymic, Sex sex, LocalDate birthDate,
                          String placeOfBirth, String nationalId, int mother, int father) {

        Someone with(String surname, String givenName, String patronymic, LocalDate birthDate) {
            return new Someone(index, surname, givenName, patronymic, sex, birthDate, placeOfBirth, nationalId, mother,
                    father);
        }
    }

    /** A name of the register in its three spellings. */
    record Name(String tajik, String russian, String english) {
    }

    static final String[] PLACES = {"Душанбе", "Кӯлоб", "Хуҷанд", "Бохтар", "Хоруғ", "Истаравшан", "Панҷакент",
            "Турсунзода", "Ваҳдат", "Норак"};

    private final Random random;
    private final List<Name> male = new ArrayList<>();
    private final List<Name> female = new ArrayList<>();
    private final List<Name> neutralSurnames = new ArrayList<>();
    private final List<Name[]> russifiedSurnames = new ArrayList<>();
    private long nextNationalId = 1_000_000_000L;

    public PopulationGenerator(long seed, InputStream namesCsv) {
        this.random = new Random(seed);
        try (namesCsv) {
            List<String[]> rows = new String(namesCsv.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .filter(l -> !l.isBlank()).map(l -> l.split(",", -1)).toList();
            List<Name> maleRussified = new ArrayList<>();
            for (String[] r : rows) {
                Name n = new Name(r[2], r[3], r[4]);
                if (r[0].equals("given")) {
                    (r[1].equals("M") ? male : female).add(n);
                } else if (r[1].isEmpty()) {
                    neutralSurnames.add(n);
                } else if (r[1].equals("M")) {
                    maleRussified.add(n);
                } else {
                    russifiedSurnames.add(new Name[]{maleRussified.remove(0), n});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PopulationGenerator fromClasspath(long seed) {
        return new PopulationGenerator(seed, PopulationGenerator.class.getResourceAsStream("/reference/names.csv"));
    }

    /** Generates about {@code size} persons in families and hands each to the consumer, parents before children. */
    public void population(int size, Consumer<Someone> out) {
        int index = 0;
        while (index < size) {
            Name[] surname = familySurname();
            LocalDate fatherBorn = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 62));
            Name fatherGiven = pick(male);
            Someone father = new Someone(index++, form(surname, Sex.MALE), fatherGiven.tajik(),
                    patronymic(pick(male), Sex.MALE), Sex.MALE, fatherBorn, pick(PLACES), nationalId(0.9), -1, -1);
            out.accept(father);
            Name[] motherSurname = familySurname();
            LocalDate motherBorn = fatherBorn.plusDays(random.nextInt(365 * 8) - 365);
            Someone mother = new Someone(index++, form(motherSurname, Sex.FEMALE),
                    pick(female).tajik(), patronymic(pick(male), Sex.FEMALE), Sex.FEMALE, motherBorn, pick(PLACES),
                    nationalId(0.9), -1, -1);
            out.accept(mother);
            int children = random.nextInt(5);
            LocalDate born = motherBorn.plusYears(19 + random.nextInt(6)).plusDays(random.nextInt(365));
            for (int c = 0; c < children && index < size; c++) {
                Sex sex = random.nextBoolean() ? Sex.MALE : Sex.FEMALE;
                String given = pick(sex == Sex.MALE ? male : female).tajik();
                boolean twin = c > 0 && random.nextInt(30) == 0;
                out.accept(new Someone(index++, form(surname, sex), given, patronymic(fatherGiven, sex), sex,
                        born, pick(PLACES), nationalId(born.isBefore(LocalDate.of(2010, 1, 1)) ? 0.9 : 0.2),
                        mother.index(), father.index()));
                if (!twin) {
                    born = born.plusDays(400 + random.nextInt(1500));
                }
            }
        }
    }

    /**
     * The same person as another clerk wrote them: one to three of script, transliteration, a typo, another surname
     * form, Tajik letters as their Russian look-alikes, a day or two off or day and month swapped, no patronymic.
     */
    public Someone duplicate(Someone p) {
        String surname = p.surname(), given = p.givenName(), patronymic = p.patronymic();
        LocalDate born = p.birthDate();
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            switch (random.nextInt(8)) {
                case 0 -> {
                    surname = russian(surname);
                    given = russian(given);
                    patronymic = patronymic == null ? null : russian(patronymic);
                }
                case 1 -> {
                    surname = latin(surname);
                    given = english(given);
                    patronymic = patronymic == null ? null : latin(patronymic);
                }
                case 2 -> {
                    if (random.nextBoolean()) {
                        surname = typo(surname);
                    } else {
                        given = typo(given);
                    }
                }
                case 3 -> surname = otherForm(surname, p.sex());
                case 4 -> surname = surname.replace("ё", "е").replace("й", "и");
                case 5 -> born = born.plusDays(random.nextBoolean() ? 1 + random.nextInt(2) : -1 - random.nextInt(2));
                case 6 -> born = born.getDayOfMonth() <= 12 && born.getDayOfMonth() != born.getMonthValue()
                        ? LocalDate.of(born.getYear(), born.getDayOfMonth(), born.getMonthValue()) : born.plusDays(1);
                default -> patronymic = null;
            }
        }
        return p.with(surname, given, patronymic, born);
    }

    /** Someone who is not in the population but looks like its people: the same names, other dates and parents. */
    public Someone stranger(int index) {
        Sex sex = random.nextBoolean() ? Sex.MALE : Sex.FEMALE;
        return new Someone(index, form(familySurname(), sex), pick(sex == Sex.MALE ? male : female).tajik(),
                patronymic(pick(male), sex), sex, LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 85)),
                pick(PLACES), nationalId(0.5), -1, -1);
    }

    /** Someone of this sex born on this day, with the register's names and a patronymic, unrelated to anyone. */
    public Someone born(Sex sex, LocalDate on) {
        return new Someone(-1, form(familySurname(), sex), pick(sex == Sex.MALE ? male : female).tajik(),
                patronymic(pick(male), sex), sex, on, pick(PLACES), nationalId(0.5), -1, -1);
    }

    /** Another person with the same surname and given name: another birth date, father and place. */
    public Someone namesake(Someone p) {
        return new Someone(-1, p.surname(), p.givenName(), patronymic(pick(male), p.sex()), p.sex(),
                LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 85)), pick(PLACES), nationalId(0.5), -1, -1);
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    // ---- names ----------------------------------------------------------------------------------------------

    private Name[] familySurname() {
        if (random.nextInt(3) == 0) {
            return russifiedSurnames.get(random.nextInt(russifiedSurnames.size()));
        }
        Name n = pick(neutralSurnames);
        return new Name[]{n, n};
    }

    private static String form(Name[] surname, Sex sex) {
        return (sex == Sex.MALE ? surname[0] : surname[1]).tajik();
    }

    private String patronymic(Name father, Sex sex) {
        if (random.nextInt(3) == 0) {
            return father.tajik() + "зода";
        }
        String base = father.russian();
        return base + (sex == Sex.MALE ? "ович" : "овна");
    }

    private String nationalId(double share) {
        return random.nextDouble() < share ? Long.toString(nextNationalId++) : null;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private String pick(String[] list) {
        return list[random.nextInt(list.length)];
    }

    /** Tajik letters written with their Russian look-alikes (ҳ→х, ҷ→дж, ӣ→и, …), as Russian-language documents do. */
    static String russian(String s) {
        return s.replace("ҳ", "х").replace("Ҳ", "Х").replace("ҷ", "дж").replace("Ҷ", "Дж").replace("ӣ", "и")
                .replace("ӯ", "у").replace("Ӯ", "У").replace("қ", "к").replace("Қ", "К").replace("ғ", "г").replace("Ғ", "Г");
    }

    /** A passport's Latin spelling (BGN/PCGN-like: х→kh, ё→yo, й→y). */
    static String latin(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            String l = switch (Character.toLowerCase(c)) {
                case 'а' -> "a"; case 'б' -> "b"; case 'в' -> "v"; case 'г' -> "g"; case 'ғ' -> "gh"; case 'д' -> "d";
                case 'е' -> "e"; case 'ё' -> "yo"; case 'ж' -> "zh"; case 'з' -> "z"; case 'и', 'ӣ' -> "i";
                case 'й' -> "y"; case 'к' -> "k"; case 'қ' -> "q"; case 'л' -> "l"; case 'м' -> "m"; case 'н' -> "n";
                case 'о' -> "o"; case 'п' -> "p"; case 'р' -> "r"; case 'с' -> "s"; case 'т' -> "t"; case 'у', 'ӯ' -> "u";
                case 'ф' -> "f"; case 'х' -> "kh"; case 'ҳ' -> "h"; case 'ч' -> "ch"; case 'ҷ' -> "j"; case 'ш' -> "sh";
                case 'ъ', 'ь' -> ""; case 'ы' -> "y"; case 'э' -> "e"; case 'ю' -> "yu"; case 'я' -> "ya";
                default -> String.valueOf(c);
            };
            out.append(Character.isUpperCase(c) && !l.isEmpty() ? l.substring(0, 1).toUpperCase(Locale.ROOT) + l.substring(1) : l);
        }
        return out.toString();
    }

    private String english(String given) {
        for (Name n : male) {
            if (n.tajik().equals(given)) {
                return n.english();
            }
        }
        for (Name n : female) {
            if (n.tajik().equals(given)) {
                return n.english();
            }
        }
        return latin(given);
    }

    /** One letter changed, dropped, doubled or swapped with the next (never the first letter). */
    private String typo(String s) {
        if (s.length() < 4) {
            return s;
        }
        int i = 1 + random.nextInt(s.length() - 2);
        return switch (random.nextInt(4)) {
            case 0 -> s.substring(0, i) + s.substring(i + 1);
            case 1 -> s.substring(0, i) + s.charAt(i) + s.substring(i);
            case 2 -> s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);
            default -> s.substring(0, i) + (s.charAt(i) == 'а' ? 'о' : 'а') + s.substring(i + 1);
        };
    }

    /** Another form of the surname: -зода as -заде, the Russified -ов/-ова as the Tajik -зода or -ӣ, and back. */
    private String otherForm(String surname, Sex sex) {
        if (surname.endsWith("зода")) {
            return random.nextBoolean() ? surname.replace("зода", "заде")
                    : surname.substring(0, surname.length() - 4) + (sex == Sex.MALE ? "ов" : "ова");
        }
        if (surname.endsWith("ова") || surname.endsWith("ева")) {
            return surname.substring(0, surname.length() - 3) + (random.nextBoolean() ? "зода" : "ӣ");
        }
        if (surname.endsWith("ов") || surname.endsWith("ев")) {
            return surname.substring(0, surname.length() - 2) + (random.nextBoolean() ? "зода" : "ӣ");
        }
        if (surname.endsWith("ӣ")) {
            return surname.substring(0, surname.length() - 1) + "и";
        }
        return surname;
    }
}
