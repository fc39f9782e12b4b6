package io.iotstream.scoring.processor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.score.LogisticScorer;
import io.iotstream.scoring.Models;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The device index: found by the bytes of the id wherever they sit in a record, never by a near miss. */
class DeviceIndexTest {

    private final LogisticScorer scorer = new LogisticScorer(Models.uniform("1", 2));
    private final DeviceIndex index = new DeviceIndex();

    private DeviceState add(String id) {
        DeviceState state = DeviceState.fresh(id, scorer, 10_000);
        index.add(state);
        return state;
    }

    private DeviceState find(String id) {
        // The id inside a larger array, as in a record's value: other bytes before and after it.
        byte[] id8 = id.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[id8.length + 11];
        value[0] = 0x7f;
        System.arraycopy(id8, 0, value, 5, id8.length);
        value[value.length - 1] = 'x';
        return index.get(value, 5, id8.length, DeviceIndex.hash(value, 5, id8.length));
    }

    @Test
    void shouldFindEveryDeviceByTheBytesOfItsIdAfterGrowingManyTimes() {
        List<DeviceState> states = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            states.add(add("device-" + i));
        }
        assertThat(index.size()).isEqualTo(100_000);
        for (int i = 0; i < 100_000; i++) {
            assertThat(find("device-" + i)).isSameAs(states.get(i));
        }
    }

    @Test
    void shouldNotFindIdsThatOnlyShareAPrefixOrADifferentLength() {
        add("dev-1");
        add("dev-10");
        add("a-very-long-device-identifier-of-more-than-sixteen-bytes");
        assertThat(find("dev-1").deviceId).isEqualTo("dev-1");
        assertThat(find("dev-10").deviceId).isEqualTo("dev-10");
        assertThat(find("dev-100")).isNull();
        assertThat(find("dev-")).isNull();
        assertThat(find("a-very-long-device-identifier-of-more-than-sixteen-bytes").deviceId)
                .isEqualTo("a-very-long-device-identifier-of-more-than-sixteen-bytes");
        assertThat(find("a-very-long-device-identifier-of-more-than-sixteen-byteS")).isNull();
        assertThat(find("dévice-ü")).isNull();
        add("dévice-ü");
        assertThat(find("dévice-ü").deviceId).isEqualTo("dévice-ü");
    }

    @Test
    void shouldHashTheSameBytesAlikeWhereverTheyAre() {
        byte[] a = "xxdev-00042".getBytes(StandardCharsets.UTF_8);
        byte[] b = "dev-00042yyyyyyy".getBytes(StandardCharsets.UTF_8);
        assertThat(DeviceIndex.hash(a, 2, 9)).isEqualTo(DeviceIndex.hash(b, 0, 9));
        assertThat(DeviceIndex.hash(a, 2, 9)).isNotEqualTo(DeviceIndex.hash(b, 0, 10));
    }

    @Test
    void shouldForgetEveryDeviceOnClear() {
        for (int i = 0; i < 10_000; i++) {
            add("d" + i);
        }
        index.clear();
        assertThat(index.size()).isZero();
        assertThat(find("d1")).isNull();
        DeviceState again = add("d1");
        assertThat(find("d1")).isSameAs(again);
    }
}
