package io.nestlab.aws.internal;

import io.nestlab.spi.LabTags;
import io.nestlab.spi.TagFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Converts between NestLab tag maps and EC2 tags, tag specifications and filters. */
public final class Ec2Tags {
  private Ec2Tags() {}

  public static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  public static Map<String, String> map(List<Tag> tags) {
    Map<String, String> m = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> m.put(t.key(), t.value()));
    }
    return m;
  }

  /** Tags at creation: {@code tags}, plus a {@code Name} when {@code name} is given. */
  public static TagSpecification spec(ResourceType type, Map<String, String> tags, String name) {
    Map<String, String> all = new LinkedHashMap<>(tags);
    if (name != null) {
      all.putIfAbsent("Name", name);
    }
    return TagSpecification.builder().resourceType(type).tags(tags(all)).build();
  }

  /** EC2 filters selecting what {@code filter} selects (the lab tag present, equal tags equal). */
  public static List<Filter> filters(TagFilter filter) {
    List<Filter> out = new ArrayList<>();
    out.add(Filter.builder().name("tag-key").values(LabTags.LAB).build());
    filter.equal().forEach((k, v) -> out.add(Filter.builder().name("tag:" + k).values(v).build()));
    return out;
  }

  public static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }
}
