// The README's RunSight flow with the TypeScript (typescript-fetch) client generated from
// docs/openapi.json. Run by TypeScriptClientTest: node runsight-flow.js <base-url> <email>
// the little of node this script uses (no @types/node needed)
declare const process: { argv: string[]; exit(code: number): never };

import { ActivitiesApi, Configuration, DeviceUploadsApi, DevicesApi, IdentityApi } from "./index";

async function main(base: string, email: string): Promise<void> {
    const anonymous = new Configuration({ basePath: base });
    const session = await new IdentityApi(anonymous).register({
        registerRequest: { email, password: "correct horse battery", displayName: "Ann" },
    });
    const user = new Configuration({ basePath: base, accessToken: session.accessToken });
    const code = await new DevicesApi(user).createPairingCode({});
    const paired = await new DevicesApi(anonymous).claimPairingCode({
        claimRequest: { code: code.code, hardwareId: "GLASSES-" + Date.now(), kind: "glasses" },
    });
    const device = new Configuration({ basePath: base, accessToken: paired.deviceToken });
    const start = new Date(Date.now() - 24 * 3600 * 1000);
    const run = await new DeviceUploadsApi(device).uploadRun({
        runUpload: {
            clientId: crypto.randomUUID(),
            startedAt: start,
            endedAt: new Date(start.getTime() + 1800 * 1000),
            durationSeconds: 1800,
            distanceMeters: 5000,
            aiMetrics: { obstaclesDetected: 3, warningsIssued: 1, laneDeviations: 2, laneKeepingAccuracy: 0.93 },
        },
    });
    const activities = new ActivitiesApi(user);
    const page = await activities.listActivities({});
    const stats = await activities.getStats({});
    if (page.items.length !== 1 || page.items[0].id !== run.id || stats.totals.distanceMeters !== 5000) {
        throw new Error("unexpected answer: " + JSON.stringify({ page, stats }));
    }
    console.log(`OK activities=${page.items.length} distance=${stats.totals.distanceMeters}`);
}

main(process.argv[2], process.argv[3]).catch(async (e) => {
    console.error("FAILED", e, e.response ? await e.response.text() : "");
    process.exit(1);
});
