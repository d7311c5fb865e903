package dev.spillway.server.xds;

import dev.spillway.server.xds.SubscriptionIndex.Interest;
import dev.spillway.snapshot.TypeSnapshot;
import java.lang.ref.WeakReference;
import java.util.function.Supplier;

/**
 * A stream's first answer to a subscription depends only on the subscription and the snapshot, not on the stream:
 * a thousand proxies connecting at once, each subscribing to the same ten thousand assignments, get the one answer
 * worked out once. The latest few are kept, by the identity of the shared snapshot and subscription, weakly.
 */
final class FirstAnswers<T> {
    private static final int KEPT = 8;

    private record Entry<T>(WeakReference<TypeSnapshot> snapshot, WeakReference<Interest> interest, T answer) {}

    @SuppressWarnings("unchecked")
    private final Entry<T>[] latest = new Entry[KEPT];

    private int next;

    /** The answer for the snapshot and subscription, made by {@code make} when not kept. */
    T of(TypeSnapshot snapshot, Interest interest, Supplier<T> make) {
        synchronized (this) {
            for (Entry<T> e : latest) {
                if (e != null && e.snapshot().get() == snapshot && e.interest().get() == interest) {
                    return e.answer();
                }
            }
        }
        T answer = make.get();
        synchronized (this) {
            latest[next] = new Entry<>(new WeakReference<>(snapshot), new WeakReference<>(interest), answer);
            next = (next + 1) % KEPT;
        }
        return answer;
    }
}
