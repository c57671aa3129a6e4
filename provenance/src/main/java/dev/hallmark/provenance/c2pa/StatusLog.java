package dev.hallmark.provenance.c2pa;

import dev.hallmark.provenance.ValidationStatus;
import dev.hallmark.provenance.ValidationStatus.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Ordered validation log in the manner of c2pa-rs's {@code StatusTracker}: every entry carries the JUMBF URI it is
 * about (the current URI when none is given) and the ingredient assertion it was found under, which later decides
 * whether it belongs to the active manifest or to an ingredient's deltas.
 */
public final class StatusLog {
    /** One logged status with its ingredient context (null for the active manifest). */
    public record Entry(ValidationStatus status, String ingredientUri) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Deque<String> ingredients = new ArrayDeque<>();
    private final Deque<String> currentUri = new ArrayDeque<>();

    public void success(String url, String code, String explanation) {
        add(Kind.SUCCESS, url, code, explanation);
    }

    public void info(String url, String code, String explanation) {
        add(Kind.INFORMATIONAL, url, code, explanation);
    }

    public void failure(String url, String code, String explanation) {
        add(Kind.FAILURE, url, code, explanation);
    }

    private void add(Kind kind, String url, String code, String explanation) {
        String u = url == null || url.isEmpty() ? currentUri.peek() : url;
        entries.add(new Entry(new ValidationStatus(kind, code, u, explanation), ingredients.peek()));
    }

    public void pushIngredient(String uri) {
        ingredients.push(uri);
    }

    public void popIngredient() {
        ingredients.pop();
    }

    public void pushUri(String uri) {
        currentUri.push(uri);
    }

    public void popUri() {
        currentUri.pop();
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** True when a failure with that code has been logged (anywhere). */
    public boolean hasFailure(String code) {
        return entries.stream().anyMatch(e -> e.status().kind() == Kind.FAILURE && e.status().code().equals(code));
    }
}
