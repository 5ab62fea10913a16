import { describe, expect, it } from "vitest";
import { createBufferedResponse } from "./createBufferedResponse.js";

const answer = (body: string | null, status = 200) =>
  createBufferedResponse({
    status,
    statusText: "OK",
    rawHeaders: ["Content-Type", "application/json", "Set-Cookie", "a=1", "set-cookie", "b=2"],
    body: body === null ? null : Buffer.from(body),
    url: "http://127.0.0.1:1/verify",
  });

// Each case is checked against undici's own Response built from the same parts, so that the two behave alike.
const undici = (body: string | null, status = 200) =>
  new Response(body, {
    status,
    statusText: "OK",
    headers: [
      ["Content-Type", "application/json"],
      ["Set-Cookie", "a=1"],
      ["set-cookie", "b=2"],
    ],
  });

const entries = (headers: Headers) => {
  const list: [string, string][] = [];
  headers.forEach((value, name) => {
    list.push([name, value]);
  });
  return list;
};

describe("createBufferedResponse", () => {
  it("answers status, headers and url as fetch's Response does", () => {
    for (const status of [200, 299, 300, 404, 503]) {
      const ours = answer("{}", status);
      const theirs = undici("{}", status);
      expect({ status: ours.status, ok: ours.ok, statusText: ours.statusText }).toEqual({
        status: theirs.status,
        ok: theirs.ok,
        statusText: theirs.statusText,
      });
    }
    const ours = answer("{}");
    expect(entries(ours.headers)).toEqual(entries(undici("{}").headers));
    expect(ours.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(ours.headers).toBe(ours.headers);
    expect({ url: ours.url, redirected: ours.redirected, type: ours.type }).toEqual({
      url: "http://127.0.0.1:1/verify",
      redirected: false,
      type: "basic",
    });
  });

  it("reads its body once, as text, JSON, bytes or an ArrayBuffer", async () => {
    const body = JSON.stringify({ isValid: true, payer: "0xé" });
    expect(await answer(body).text()).toBe(await undici(body).text());
    expect(await answer(body).json()).toEqual(await undici(body).json());
    expect(await answer(body).bytes()).toEqual(await undici(body).bytes());
    expect(new Uint8Array(await answer(body).arrayBuffer())).toEqual(
      new Uint8Array(await undici(body).arrayBuffer()),
    );

    const once = answer(body);
    expect(once.bodyUsed).toBe(false);
    await once.text();
    expect(once.bodyUsed).toBe(true);
    for (const read of [() => once.json(), () => once.text(), () => once.bytes(), () => once.arrayBuffer()])
      await expect(read()).rejects.toBeInstanceOf(TypeError);
    expect(() => once.clone()).toThrow(TypeError);
  });

  it("rejects bad JSON with a SyntaxError, as fetch's does", async () => {
    await expect(answer("not json").json()).rejects.toBeInstanceOf(SyntaxError);
    await expect(undici("not json").json()).rejects.toBeInstanceOf(SyntaxError);
  });

  it("gives a stream, a Blob, a clone and form data when asked, and keeps one body", async () => {
    const streamed = answer('{"a":1}');
    const reader = streamed.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
    expect(Buffer.concat(chunks).toString()).toBe('{"a":1}');
    expect(streamed.bodyUsed).toBe(true);
    await expect(streamed.text()).rejects.toBeInstanceOf(TypeError);

    const blob = await answer('{"a":1}').blob();
    expect({ type: blob.type, text: await blob.text() }).toEqual({
      type: "application/json",
      text: '{"a":1}',
    });

    const original = answer('{"a":1}');
    const copy = original.clone();
    expect(await copy.json()).toEqual({ a: 1 });
    expect(await original.json()).toEqual({ a: 1 });

    const form = createBufferedResponse({
      status: 200,
      statusText: "OK",
      rawHeaders: ["content-type", "application/x-www-form-urlencoded"],
      body: Buffer.from("a=1&b=2"),
      url: "http://127.0.0.1:1/",
    });
    const data = await form.formData();
    expect([data.get("a"), data.get("b")]).toEqual(["1", "2"]);

    // A body read as text first leaves the stream asked for later read as well.
    const read = answer("{}");
    await read.text();
    expect(read.body).not.toBeNull();
    expect(read.bodyUsed).toBe(true);
    await expect(read.blob()).rejects.toBeInstanceOf(TypeError);
  });

  it("has no body for a null body, and refuses a status that a Response cannot carry", async () => {
    const empty = answer(null, 204);
    expect(empty.body).toBeNull();
    expect(await answer(null, 204).text()).toBe("");
    expect(() => answer("", 199)).toThrow(RangeError);
    expect(() => answer("", 600)).toThrow(RangeError);
  });
});
