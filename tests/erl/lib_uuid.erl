-module(lib_uuid).
-export([main/0]).
%% A real workload of uuid (Debian's erlang-uuid, a gzip-compressed beam): name-based UUIDs
%% (deterministic: v3 and v5), their text and URN forms, version and variant checks.
main() ->
    V3 = uuid:uuid3(dns, "example.com"),
    V5 = uuid:uuid5(url, "https://example.com/a"),
    {uuid:to_string(V3), uuid:to_string(pretty, V5), uuid:to_uuid_urn(V5),
     uuid:to_binary(uuid:to_string(V5)) =:= V5, uuid:is_v3(V3), uuid:is_v5(V5), uuid:is_valid(V3),
     uuid:version(V5), uuid:variant(V3), byte_size(V5)}.
