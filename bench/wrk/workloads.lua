-- The product workloads for wrk, against Annals or the vanilla Axon peer (issue 17's side-by-side comparison).
-- wrk is written in C: its own CPU is small and, unlike the Java generator's, not measured at all, so the figures
-- charge only the service and its PostgreSQL. Driven by io.annals.bench.wrk.WrkBench (bench/run.sh --vs-vanilla):
--
--   wrk -t2 -c32 -d15s -s bench/wrk/workloads.lua http://127.0.0.1:8080 -- <workload> <target> <prefix> <products>
--
--   workload  restock | conflict | read | create | create-customers
--   target    annals (sends a price with creates; the Authorization header comes from wrk's -H) | vanilla
--   prefix    skus are <prefix>-000000 .. (restock, conflict, read: created beforehand by WrkBench); creates use
--             <prefix>-t<thread>-<n>, so the prefix must be new for every run
--   products  how many of those skus restock and read spread over at random (conflict uses the first only)
--
-- Every restock adds exactly 1, so the products' final stock tells WrkBench how many restocks were applied.
-- done() prints one machine-readable line (WrkResult parses it):
--   WRK_RESULT workload=.. target=.. requests=N duration_us=N ok=N conflicts=N client_errors=N server_errors=N
--     socket_errors=N timeouts=N p50_us=N p90_us=N p99_us=N p999_us=N max_us=N mean_us=N
-- ok counts 2xx answers, conflicts 409s, client_errors the other 4xx, server_errors 5xx and anything else.

local threads = {}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

local requests = {}
local serial = 0

local function sku(i)
    return string.format("%s-%06d", prefix, i)
end

function init(args)
    workload, target, prefix = args[1], args[2], args[3]
    products = tonumber(args[4] or "1")
    n2xx, n409, n4xx, n5xx = 0, 0, 0, 0
    math.randomseed(os.time() * 1000 + id)
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Accept"] = "application/json"
    -- the fixed requests are formatted once, so that the measured loop only picks one
    if workload == "restock" then
        for i = 0, products - 1 do
            requests[i + 1] = wrk.format("POST", "/api/products/" .. sku(i) .. "/restock", nil, '{"quantity":1}')
        end
    elseif workload == "conflict" then
        requests[1] = wrk.format("POST", "/api/products/" .. sku(0) .. "/restock", nil, '{"quantity":1}')
    elseif workload == "read" then
        for i = 0, products - 1 do
            requests[i + 1] = wrk.format("GET", "/api/products/" .. sku(i))
        end
    elseif workload ~= "create" and workload ~= "create-customers" then
        error("unknown workload " .. tostring(workload))
    end
end

function request()
    if #requests > 0 then
        return requests[math.random(#requests)]
    end
    serial = serial + 1
    local key = string.format("%s-t%d-%07d", prefix, id, serial)
    if workload == "create" then
        local price = target == "annals" and ',"price":{"amount":"12.50","currency":"EUR"}' or ""
        return wrk.format("POST", "/api/products", nil, string.format(
                '{"sku":"%s","name":"Benchmark product %s","initialStock":10%s}', key, key, price))
    end
    return wrk.format("POST", "/api/customers", nil, string.format(
            '{"email":"%s@wrk.example.com","name":"Benchmark customer %s"}', string.lower(key), key))
end

function response(status, headers, body)
    if status >= 200 and status < 300 then
        n2xx = n2xx + 1
    elseif status == 409 then
        n409 = n409 + 1
    elseif status >= 400 and status < 500 then
        n4xx = n4xx + 1
    else
        n5xx = n5xx + 1
    end
end

-- runs in wrk's main Lua state, where init() never ran: everything comes from the threads
function done(summary, latency)
    local ok, conflicts, clientErrors, serverErrors = 0, 0, 0, 0
    for _, thread in ipairs(threads) do
        ok = ok + thread:get("n2xx")
        conflicts = conflicts + thread:get("n409")
        clientErrors = clientErrors + thread:get("n4xx")
        serverErrors = serverErrors + thread:get("n5xx")
    end
    local e = summary.errors
    io.write(string.format("WRK_RESULT workload=%s target=%s requests=%d duration_us=%d ok=%d conflicts=%d "
            .. "client_errors=%d server_errors=%d socket_errors=%d timeouts=%d "
            .. "p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%d\n",
            threads[1]:get("workload"), threads[1]:get("target"), summary.requests, summary.duration, ok, conflicts, clientErrors, serverErrors,
            e.connect + e.read + e.write, e.timeout,
            latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
            latency.max, latency.mean))
end
