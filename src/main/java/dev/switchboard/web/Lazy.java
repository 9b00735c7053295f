package dev.switchboard.web;

import java.util.function.Supplier;

/**
 * A value made on first use, once, however many request threads ask at the same time: for what a start need not
 * pay for before it is ready (the dashboard's files, the merged OpenAPI document), because no request may need it.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> make;
    private volatile T value;

    public Lazy(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T v = value;
        if (v != null) return v;
        synchronized (this) {
            if (value == null) value = make.get();
            return value;
        }
    }

    /** Runs {@code action} on the value if it was made; never makes it (for releasing what was made). */
    public void ifMade(java.util.function.Consumer<T> action) {
        T v = value;
        if (v != null) action.accept(v);
    }
}
