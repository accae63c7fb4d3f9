package io.dsync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.QueryParam;
import org.glassfish.jersey.server.ParamException;
import org.junit.jupiter.api.Test;

/** The messages of JAX-RS errors: a generic "HTTP 404 Not Found" becomes one naming the request. */
class WebApplicationExceptionMapperTest {
  @Test
  void message_genericNotFound_namesMethodAndPath() {
    assertThat(WebApplicationExceptionMapper.message(new NotFoundException(), 404, "GET", "nope"))
        .isEqualTo("no resource at GET /nope");
    assertThat(WebApplicationExceptionMapper.message(new NotFoundException(), 404, "DELETE", "/a/b"))
        .isEqualTo("no resource at DELETE /a/b");
    assertThat(WebApplicationExceptionMapper.message(new NotFoundException(), 404, "GET", ""))
        .isEqualTo("no resource at GET /");
  }

  @Test
  void message_resourcesOwnText_kept() {
    assertThat(WebApplicationExceptionMapper.message(new NotFoundException("no raft group 'x' on this node"), 404,
        "GET", "raft/x")).isEqualTo("no raft group 'x' on this node");
    assertThat(WebApplicationExceptionMapper.message(new BadRequestException("n must be 1..3"), 400, "GET", "c"))
        .isEqualTo("n must be 1..3");
  }

  @Test
  void message_requestUnknown_keepsTheGenericText() {
    assertThat(WebApplicationExceptionMapper.message(new NotFoundException(), 404, null, null))
        .isEqualTo("HTTP 404 Not Found");
  }

  @Test
  void message_otherGenericStatus_unchanged() {
    assertThat(WebApplicationExceptionMapper.message(new NotAllowedException("GET"), 405, "POST", "status"))
        .isEqualTo("HTTP 405 Method Not Allowed");
  }

  @Test
  void message_unconvertibleParameter_namesIt() {
    ParamException bad = new ParamException.QueryParamException(
        new NumberFormatException("For input string: \"many\""), "limit", null);
    assertThat(bad.getParameterType()).isEqualTo(QueryParam.class);
    assertThat(WebApplicationExceptionMapper.message(bad, 404, "GET", "cache/all"))
        .isEqualTo("query parameter 'limit' is not valid: For input string: \"many\"");
  }
}
