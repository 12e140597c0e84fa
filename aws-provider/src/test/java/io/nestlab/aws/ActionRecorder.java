package io.nestlab.aws;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Records every AWS API action a provider calls, as IAM names them ({@code ec2:RunInstances}). */
final class ActionRecorder implements ExecutionInterceptor {
  private final Set<String> actions = new TreeSet<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    add(service.toLowerCase(Locale.ROOT) + ":" + operation);
  }

  synchronized void add(String action) {
    actions.add(action);
  }

  synchronized Set<String> actions() {
    return new TreeSet<>(actions);
  }
}
