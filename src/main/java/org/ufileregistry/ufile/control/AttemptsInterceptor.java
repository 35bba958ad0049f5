package org.ufileregistry.ufile.control;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.ufileregistry.metrics.control.RegistryMetrics;
import org.ufileregistry.ufile.entity.UFileUnavailableException;

/**
 * Sits inside the Fault Tolerance interceptor (whose default priority is PLATFORM_AFTER + 10), so
 * it sees each attempt, not just the outcome: a rising retry count is the early warning of a
 * sick UFile endpoint, long before requests fail.
 */
@Attempts
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 20)
public class AttemptsInterceptor {
  @Inject RegistryMetrics metrics;

  @AroundInvoke
  Object count(InvocationContext ctx) throws Exception {
    try {
      return ctx.proceed();
    } catch (UFileUnavailableException e) {
      metrics.storageRetry(ctx.getMethod().getName());
      throw e;
    }
  }
}
