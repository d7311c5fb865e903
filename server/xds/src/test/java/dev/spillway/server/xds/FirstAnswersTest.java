package dev.spillway.server.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.server.xds.SubscriptionIndex.Interest;
import dev.spillway.snapshot.TypeSnapshot;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FirstAnswersTest {

    @Test
    void anAnswerIsWorkedOutOncePerSnapshotAndSubscription() {
        FirstAnswers<String> answers = new FirstAnswers<>();
        TypeSnapshot first = new TypeSnapshot("a", new TreeMap<>());
        TypeSnapshot second = new TypeSnapshot("b", new TreeMap<>());
        Interest some = Interest.of(false, List.of("x", "y"));
        Interest others = Interest.of(false, List.of("z"));
        AtomicInteger made = new AtomicInteger();

        for (int stream = 0; stream < 1_000; stream++) {
            assertThat(answers.of(first, some, () -> "answer " + made.incrementAndGet()))
                    .isEqualTo("answer 1");
        }
        assertThat(answers.of(first, others, () -> "answer " + made.incrementAndGet()))
                .isEqualTo("answer 2");
        assertThat(answers.of(second, some, () -> "answer " + made.incrementAndGet()))
                .isEqualTo("answer 3");
        assertThat(made).hasValue(3);
    }
}
