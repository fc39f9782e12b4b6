package io.iotstream.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits one shell command line into words the way sh does for the cases CI scripts use: single and double quotes,
 * backslash-newline continuations, and {@code $VAR}/{@code ${VAR}} expanded from a given map (unknown variables
 * fail, so a renamed variable is caught).
 */
final class ShellWords {

    private ShellWords() {
    }

    static List<String> split(String command, Map<String, String> vars) {
        String s = command.replace("\\\n", " ");
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                word = append(word, s.substring(i + 1, end));
                i = end + 1;
            } else if (c == '"') {
                int end = i + 1;
                StringBuilder inner = new StringBuilder();
                while (s.charAt(end) != '"') {
                    if (s.charAt(end) == '$') {
                        end = expand(s, end, vars, inner);
                    } else {
                        inner.append(s.charAt(end++));
                    }
                }
                word = append(word, inner.toString());
                i = end + 1;
            } else if (c == '$') {
                StringBuilder inner = new StringBuilder();
                i = expand(s, i, vars, inner);
                word = append(word, inner.toString());
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
            } else if (c == '|' || c == ';' || c == '&' || c == '>') {
                break; // the command ends at a pipe, list or redirection
            } else {
                word = append(word, String.valueOf(c));
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private static StringBuilder append(StringBuilder word, String text) {
        return (word == null ? new StringBuilder() : word).append(text);
    }

    private static int expand(String s, int dollar, Map<String, String> vars, StringBuilder out) {
        int start = dollar + 1;
        int end;
        String name;
        if (s.charAt(start) == '{') {
            end = s.indexOf('}', start);
            name = s.substring(start + 1, end);
            end++;
        } else {
            end = start;
            while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                end++;
            }
            name = s.substring(start, end);
        }
        String value = vars.get(name);
        if (value == null) {
            throw new AssertionError("the command uses $" + name + ", which is not defined for it");
        }
        out.append(value);
        return end;
    }
}
