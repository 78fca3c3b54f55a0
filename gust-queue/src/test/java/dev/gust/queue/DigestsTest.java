package dev.gust.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gust.core.queue.MessageAttributeValue;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Digests against published values: the SDKs refuse answers whose digests differ. */
class DigestsTest {

  @Test
  void bodyDigestIsTheHexMd5OfTheUtf8Body() {
    assertEquals("5d41402abc4b2a76b9719d911017c592", Digests.md5OfBody("hello"));
    assertEquals(
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        Digests.sha256OfBody("hello"));
  }

  @Test
  void attributeDigestEncodesNameTypeTransportAndValueSortedByName() {
    TreeMap<String, MessageAttributeValue> one = new TreeMap<>();
    one.put("attribName1", MessageAttributeValue.ofString("String", "attribValue 1"));
    assertEquals("19e27d4e946b072f3f58da80d94fd778", Digests.md5OfAttributes(one));

    TreeMap<String, MessageAttributeValue> number = new TreeMap<>();
    number.put("customNumberTypeAttrib",
        MessageAttributeValue.ofString("Number.float", "4563442423554324324264524243.32543234"));
    assertEquals("9fe1b90bbd9965bdf77bac517c7d2495", Digests.md5OfAttributes(number));

    TreeMap<String, MessageAttributeValue> binary = new TreeMap<>();
    binary.put("binaryAttribute", MessageAttributeValue.ofBinary("Binary",
        "Hello binary world!".getBytes(StandardCharsets.UTF_8)));
    assertEquals("31a92b15d92f8db860eda32aceb656c3", Digests.md5OfAttributes(binary));

    TreeMap<String, MessageAttributeValue> all = new TreeMap<>();
    all.putAll(one);
    all.putAll(number);
    all.putAll(binary);
    assertEquals("c932db14a896c663f83c260297d594ff", Digests.md5OfAttributes(all));
  }
}
