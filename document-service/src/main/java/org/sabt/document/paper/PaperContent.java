package org.sabt.document.paper;

import com.fasterxml.jackson.databind.JsonNode;
import org.sabt.document.certificate.CertificateType;
import org.sabt.document.token.TokenClaims;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What one certificate type prints about its act, in the state language and in Russian, and which persons its
 * token carries. One method per act type; the extract prints the act of any type under its own title.
 */
public record PaperContent(String titleTg, String titleRu, List<Row> rows, List<TokenClaims.Person> persons,
                           LocalDate eventDate) {

    /** One printed line: the label in Tajik and Russian, and the value in each (the same but for words like the sex). */
    public record Row(String labelTg, String labelRu, String valueTg, String valueRu) {

        static Row of(String labelTg, String labelRu, String value) {
            return new Row(labelTg, labelRu, value, value);
        }
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    public static PaperContent of(CertificateType type, String actType, JsonNode details) {
        PaperContent content = switch (CertificateType.valueOf(actType)) {
            case BIRTH -> birth(details);
            case DEATH -> death(details);
            case MARRIAGE -> marriage(details);
            case DIVORCE -> divorce(details);
            case ADOPTION -> adoption(details);
            case PATERNITY -> paternity(details);
            case NAME_CHANGE -> nameChange(details);
            case EXTRACT -> throw new IllegalArgumentException("an act is never of type EXTRACT");
        };
        return switch (type) {
            case EXTRACT -> new PaperContent("НУСХАБАРДОРӢ АЗ САНАДИ ҚАЙДИ ҲОЛАТИ ШАҲРВАНДӢ",
                    "ВЫПИСКА ИЗ ЗАПИСИ АКТА ГРАЖДАНСКОГО СОСТОЯНИЯ", withActType(actType, content.rows), content.persons,
                    content.eventDate);
            case BIRTH, DEATH, MARRIAGE, DIVORCE, ADOPTION, PATERNITY, NAME_CHANGE -> content;
        };
    }

    private static PaperContent birth(JsonNode d) {
        List<Row> rows = new ArrayList<>();
        person(rows, "Кӯдак", "Ребёнок", d.path("child"), true);
        rows.add(Row.of("Ҷойи таваллуд", "Место рождения", text(d.path("child").path("placeOfBirth"))));
        person(rows, "Модар", "Мать", d.path("mother"), false);
        person(rows, "Падар", "Отец", d.path("father"), false);
        return new PaperContent("ШАҲОДАТНОМА ДАР БОРАИ ТАВАЛЛУД", "СВИДЕТЕЛЬСТВО О РОЖДЕНИИ", rows,
                persons(d.path("child"), true, d.path("mother"), false, d.path("father"), false),
                date(d.path("child").path("birthDate")));
    }

    private static PaperContent death(JsonNode d) {
        List<Row> rows = new ArrayList<>();
        person(rows, "Фавтида", "Умерший(ая)", d.path("deceased"), true);
        rows.add(Row.of("Санаи фавт", "Дата смерти", formatted(d.path("dateOfDeath"))));
        rows.add(Row.of("Ҷойи фавт", "Место смерти", text(d.path("placeOfDeath"))));
        return new PaperContent("ШАҲОДАТНОМА ДАР БОРАИ ФАВТ", "СВИДЕТЕЛЬСТВО О СМЕРТИ", rows,
                persons(d.path("deceased"), true), date(d.path("dateOfDeath")));
    }

    private static PaperContent marriage(JsonNode d) {
        List<Row> rows = new ArrayList<>();
        person(rows, "Ҳамсар 1", "Супруг(а) 1", d.path("spouse1"), true);
        person(rows, "Ҳамсар 2", "Супруг(а) 2", d.path("spouse2"), true);
        rows.add(Row.of("Санаи ақди никоҳ", "Дата заключения брака", formatted(d.path("marriageDate"))));
        rows.add(Row.of("Насаби ҳамсари 1 баъди ақди никоҳ", "Фамилия супруга(и) 1 после брака",
                text(d.path("surnameAfterMarriage1"))));
        rows.add(Row.of("Насаби ҳамсари 2 баъди ақди никоҳ", "Фамилия супруга(и) 2 после брака",
                text(d.path("surnameAfterMarriage2"))));
        return new PaperContent("ШАҲОДАТНОМА ДАР БОРАИ АҚДИ НИКОҲ", "СВИДЕТЕЛЬСТВО О ЗАКЛЮЧЕНИИ БРАКА", rows,
                persons(d.path("spouse1"), true, d.path("spouse2"), true), date(d.path("marriageDate")));
    }

    private static PaperContent divorce(JsonNode d) {
        List<Row> rows = new ArrayList<>();
        person(rows, "Ҳамсар 1", "Супруг(а) 1", d.path("spouse1"), true);
        person(rows, "Ҳамсар 2", "Супруг(а) 2", d.path("spouse2"), true);
        rows.add(Row.of("Санаи бекор кардани ақди никоҳ", "Дата расторжения брака", formatted(d.path("divorceDate"))));
        rows.add(Row.of("Насаби ҳамсари 1 баъди талоқ", "Фамилия супруга(и) 1 после расторжения",
                text(d.path("surnameAfterDivorce1"))));
        rows.add(Row.of("Насаби ҳамсари 2 баъди талоқ", "Фамилия супруга(и) 2 после расторжения",
                text(d.path("surnameAfterDivorce2"))));
        return new PaperContent("ШАҲОДАТНОМА ДАР БОРАИ БЕКОР КАРДАНИ АҚДИ НИКОҲ", "СВИДЕТЕЛЬСТВО О РАСТОРЖЕНИИ БРАКА",
                rows, persons(d.path("spouse1"), true, d.path("spouse2"), true), date(d.path("divorceDate")));
    }

    private static PaperContent adoption(JsonNode d) {
        List<Row> rows = new ArrayList<>();
        person(rows, "Кӯдак", "Ребёнок", d.path("child"), true);
        rows.add(Row.of("Насаби нав", "Новая фамилия", text(d.path("newSurname"))));
        rows.add(Row.of("Номи нав", "Новое имя", text(d.path("newGivenName"))));
        rows.add(Row.of("Номи падари нав", "Новое отчество", text(d.path("newPatronymic"))));
        List<JsonNode> adopters = new ArrayList<>();
        d.path("adopters").forEach(adopters::add);
        for (JsonNode adopter : adopters) {
            person(rows, "Фарзандхонанда", "Усыновитель", adopter, false);
        }
        rows.add(Row.of("Санаи фарзандхондагӣ", "Дата усыновления", formatted(d.path("adoptionDate"))));
        List<TokenClaims.Person> persons = new ArrayList<>(persons(d.path("child"), true));
        adopters.forEach(a -> persons.addAll(persons(a, false)));
        return new PaperContent("ШАҲОДАТНОМА ДАР БОРАИ ФАРЗАНДХОНДАГӢ", "СВИДЕТЕЛЬСТВО ОБ УСЫНОВЛЕНИИ (УДОЧЕРЕНИИ)",
                rows, persons, date(d.path("adoptionDate")));
    }

    private static PaperContent paternity(JsonNode d) {
        List<Row> rows = new ArrayList<>();
        person(rows, "Падар", "Отец", d.path("father"), true);
        person(rows, "Кӯдак", "Ребёнок", d.path("child"), true);
        rows.add(Row.of("Насаби кӯдак баъд аз муқаррар намудан", "Фамилия ребёнка после установления",
                text(d.path("childNewSurname"))));
        rows.add(Row.of("Санаи муқаррар намудани падарӣ", "Дата установления отцовства", formatted(d.path("establishedOn"))));
        return new PaperContent("ШАҲОДАТНОМА ДАР БОРАИ МУҚАРРАР НАМУДАНИ ПАДАРӢ", "СВИДЕТЕЛЬСТВО ОБ УСТАНОВЛЕНИИ ОТЦОВСТВА",
                rows, persons(d.path("child"), true, d.path("father"), false), date(d.path("establishedOn")));
    }

    private static PaperContent nameChange(JsonNode d) {
        List<Row> rows = new ArrayList<>();
        person(rows, "Пеш аз иваз", "До перемены", d.path("person"), true);
        rows.add(Row.of("Насаби нав", "Новая фамилия", text(d.path("newSurname"))));
        rows.add(Row.of("Номи нав", "Новое имя", text(d.path("newGivenName"))));
        rows.add(Row.of("Номи падари нав", "Новое отчество", text(d.path("newPatronymic"))));
        rows.add(Row.of("Санаи иваз кардани ном", "Дата перемены имени", formatted(d.path("changedOn"))));
        List<TokenClaims.Person> persons = new ArrayList<>(persons(d.path("person"), true));
        persons.add(new TokenClaims.Person(d.path("newSurname").asText(), d.path("newGivenName").asText(),
                nullable(d.path("newPatronymic")), null));
        return new PaperContent("ШАҲОДАТНОМА ДАР БОРАИ ИВАЗ КАРДАНИ НОМ", "СВИДЕТЕЛЬСТВО О ПЕРЕМЕНЕ ИМЕНИ", rows, persons,
                date(d.path("changedOn")));
    }

    private static List<Row> withActType(String actType, List<Row> rows) {
        List<Row> all = new ArrayList<>();
        String[] names = switch (CertificateType.valueOf(actType)) {
            case BIRTH -> new String[]{"таваллуд", "о рождении"};
            case DEATH -> new String[]{"фавт", "о смерти"};
            case MARRIAGE -> new String[]{"ақди никоҳ", "о заключении брака"};
            case DIVORCE -> new String[]{"бекор кардани ақди никоҳ", "о расторжении брака"};
            case ADOPTION -> new String[]{"фарзандхондагӣ", "об усыновлении"};
            case PATERNITY -> new String[]{"муқаррар намудани падарӣ", "об установлении отцовства"};
            case NAME_CHANGE -> new String[]{"иваз кардани ном", "о перемене имени"};
            case EXTRACT -> throw new IllegalArgumentException("an act is never of type EXTRACT");
        };
        all.add(new Row("Санади қайд", "Запись акта", "дар бораи " + names[0], names[1]));
        all.addAll(rows);
        return all;
    }

    private static void person(List<Row> rows, String roleTg, String roleRu, JsonNode p, boolean withBirth) {
        if (p.isMissingNode() || p.isNull()) {
            rows.add(new Row(roleTg, roleRu, "—", "—"));
            return;
        }
        rows.add(new Row(roleTg, roleRu, "", ""));
        rows.add(Row.of("Насаб", "Фамилия", p.path("surname").asText()));
        rows.add(Row.of("Ном", "Имя", p.path("givenName").asText()));
        rows.add(Row.of("Номи падар", "Отчество", text(p.path("patronymic"))));
        if (withBirth) {
            rows.add(Row.of("Санаи таваллуд", "Дата рождения", formatted(p.path("birthDate"))));
            boolean male = "MALE".equals(p.path("sex").asText());
            rows.add(new Row("Ҷинс", "Пол", male ? "мард" : "зан", male ? "мужской" : "женский"));
        }
        if (!p.path("citizenship").isMissingNode() && !p.path("citizenship").isNull()) {
            rows.add(Row.of("Шаҳрвандӣ", "Гражданство", p.path("citizenship").asText()));
        }
    }

    private static List<TokenClaims.Person> persons(Object... personAndBirth) {
        List<TokenClaims.Person> persons = new ArrayList<>();
        for (int i = 0; i < personAndBirth.length; i += 2) {
            JsonNode p = (JsonNode) personAndBirth[i];
            if (p.isMissingNode() || p.isNull()) {
                continue;
            }
            persons.add(new TokenClaims.Person(p.path("surname").asText(), p.path("givenName").asText(),
                    nullable(p.path("patronymic")), (Boolean) personAndBirth[i + 1] ? date(p.path("birthDate")) : null));
        }
        return persons;
    }

    private static String text(JsonNode value) {
        String text = nullable(value);
        return text == null ? "—" : text;
    }

    private static String nullable(JsonNode value) {
        return value.isMissingNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static LocalDate date(JsonNode value) {
        String text = nullable(value);
        return text == null ? null : LocalDate.parse(text);
    }

    private static String formatted(JsonNode value) {
        LocalDate date = date(value);
        return date == null ? "—" : DATE.format(date);
    }
}
