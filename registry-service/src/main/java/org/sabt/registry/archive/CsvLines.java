package org.sabt.registry.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV lines of an archive file: the header names each column by its path in a restoration (act.child.surname,
 * act.mother.nationalId, paperRegistrationNumber, …), so one file format serves every act type; an empty cell is an
 * absent field. Quoted cells (RFC 4180) may hold commas and doubled quotes.
 */
final class CsvLines {

    private CsvLines() {
    }

    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        cells.add(cell.toString());
        return cells;
    }

    /** The restoration a CSV row describes, as JSON. */
    static JsonNode toJson(ObjectMapper json, String[] header, List<String> cells) {
        if (cells.size() != header.length) {
            throw new IllegalArgumentException("expected " + header.length + " cells, found " + cells.size());
        }
        ObjectNode root = json.createObjectNode();
        for (int i = 0; i < header.length; i++) {
            String value = cells.get(i).strip();
            if (value.isEmpty()) {
                continue;
            }
            String[] path = header[i].strip().split("\\.");
            ObjectNode at = root;
            for (int p = 0; p < path.length - 1; p++) {
                JsonNode next = at.get(path[p]);
                at = next instanceof ObjectNode o ? o : at.putObject(path[p]);
            }
            at.put(path[path.length - 1], value);
        }
        return root;
    }

    /** A value as one CSV cell for COPY. */
    static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
