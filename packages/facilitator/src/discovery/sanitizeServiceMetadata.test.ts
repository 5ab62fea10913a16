import { describe, expect, it } from "vitest";
import { isValidRouteTemplate } from "./isValidRouteTemplate.js";
import { isValidIconUrl, sanitizeServiceMetadata } from "./sanitizeServiceMetadata.js";

describe("the soft-drop rules of extensions/bazaar.md", () => {
  it("keeps a valid service name and drops a long, empty or non-ASCII one", () => {
    const url = "https://api.example.com/x";
    expect(sanitizeServiceMetadata({ url, serviceName: "Example Weather" })).toEqual({
      serviceName: "Example Weather",
    });
    for (const serviceName of ["", "x".repeat(33), "Météo", "tab\there"])
      expect(sanitizeServiceMetadata({ url, serviceName })).toEqual({});
  });

  it("cleans tags: invalid ones dropped, duplicates (any case) once, at most 5", () => {
    const tags = ["weather", "WEATHER", "", "x".repeat(33), "ünicode", "a", "b", "c", "d", "e"];
    expect(sanitizeServiceMetadata({ url: "https://a.io", tags })).toEqual({
      tags: ["weather", "a", "b", "c", "d"],
    });
    expect(sanitizeServiceMetadata({ url: "https://a.io", tags: ["", "ä"] })).toEqual({});
  });

  it.each([
    ["https://cdn.example.com/icon.png", true],
    ["http://example.com/i.svg", true],
    ["ftp://example.com/i.png", false],
    ["data:image/png;base64,AAAA", false],
    ["https://user:pw@example.com/i.png", false],
    ["https://127.0.0.1/i.png", false],
    ["https://[::1]/i.png", false],
    ["https://localhost/i.png", false],
    ["https://%6cocalhost/i.png", false],
    ["https://ｌｏｃａｌｈｏｓｔ/i.png", false],
    ["https://2130706433/i.png", false],
    ["https://0x7f000001/i.png", false],
    ["https://example.com/\u0007.png", false],
    [`https://example.com/${"a".repeat(2048)}`, false],
    ["/relative.png", false],
  ])("iconUrl %s is %s", (url, valid) => {
    expect(isValidIconUrl(url)).toBe(valid);
  });

  it.each([
    ["/users/:userId", true],
    ["/weather/:country/:city", true],
    ["", false],
    ["users/:id", false],
    ["/users/../admin", false],
    ["/users/%2e%2e/admin", false],
    ["/users/%252e%252e/admin", false],
    ["/http://evil.com", false],
    ["/x%3a%2f%2fevil", false],
    ["/users/<id>", false],
    ["/bad%zz", false],
  ])("routeTemplate %s is %s", (template, valid) => {
    expect(isValidRouteTemplate(template)).toBe(valid);
  });
});
