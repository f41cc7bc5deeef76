// @uses: sleep
// Polls a job and retries any failure forever (an unbounded retry loop around a Tableau call).
EXPORT async function waitForJob__S__(base«: string», siteId«: string», jobId«: string», token«: string»)«: Promise<unknown>» {
  while (true) {
    try {
      const res = await fetch(`${base}/api/__VER__/sites/${siteId}/jobs/${jobId}`, { headers: { 'X-Tableau-Auth': token } });
      if (!res.ok) throw new Error(`job ${jobId}: HTTP ${res.status}`);
      const { job } = await res.json();
      if (job.finishCode !== undefined) return job;
    } catch (err) {
      console.error('retrying', err);
    }
    await sleep(__PAUSE__);
  }
}
