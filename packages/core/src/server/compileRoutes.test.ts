import { describe, expect, it } from "vitest";
import { compileRoutes, findRoute } from "./compileRoutes.js";

describe("compileRoutes / findRoute", () => {
  const routes = compileRoutes({
    "GET /weather": "weather",
    "POST /items/:id": "item",
    "/premium/*": "premium",
    "/files/*.pdf": "pdf",
  });
  const find = (method: string, path: string) => findRoute(routes, method, path)?.route;

  it("matches method and exact path", () => {
    expect(find("GET", "/weather")).toBe("weather");
    expect(find("get", "/weather/")).toBe("weather");
    expect(find("HEAD", "/weather")).toBe("weather");
    expect(find("POST", "/weather")).toBeUndefined();
    expect(find("GET", "/weatherx")).toBeUndefined();
  });

  it("matches :params as one segment", () => {
    expect(find("POST", "/items/42")).toBe("item");
    expect(find("POST", "/items/42/more")).toBeUndefined();
  });

  it("matches * as any rest, for every method when none is given", () => {
    expect(find("DELETE", "/premium/a/b/c")).toBe("premium");
    expect(find("GET", "/files/x/y.pdf")).toBe("pdf");
    expect(find("GET", "/files/x/y.txt")).toBeUndefined();
  });

  it("treats regex characters in paths literally", () => {
    const [route] = compileRoutes({ "/a.b(c)": 1 });
    expect(route!.regex.test("/a.b(c)")).toBe(true);
    expect(route!.regex.test("/aXb(c)")).toBe(false);
  });

  it("refuses a key that is not a path", () => {
    expect(() => compileRoutes({ "GET weather": 1 })).toThrow(TypeError);
  });
});
