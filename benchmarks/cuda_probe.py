# The second call on the lent H200 (2026-12-04): exactness with TF32 off on the four networks that failed with it on, a profile of
# gf_l2sq, and a batch of 256 on two networks. Run there as `python3 benchmarks/cuda_probe.py OUTDIR` (14_benchmark reads its files).
import sys, os, json, time, torch, pandas as pd
from gradient_uncertainty.benchmark import exactness, benchmark_gradients, network, hardware
from gradient_uncertainty.gradients import GradientFeatures, STATS
out = sys.argv[1]
t0 = time.time()
# 1. exactness with TF32 off: the four networks whose check failed with TF32 in convolutions
torch.backends.cudnn.allow_tf32 = False
rows = []
for net in ("cifar_resnet18", "convnext_atto_64", "efficientnet_b0_64", "mobilenetv3_large_100_64"):
    rows.append(exactness(net, "cuda", n=4, targets=("confounding",)))
    pd.concat(rows).to_csv(f"{out}/exactness_cuda_no_tf32.csv", index=False)
    print(net, bool(rows[-1].exact.all()), rows[-1].max_error.max(), f"{time.time()-t0:.0f}s", flush=True)
torch.backends.cudnn.allow_tf32 = True
# 2. where the time goes: profile of gf_l2sq on the ResNet at batch 64 and ConvNeXt at 32
from torch.profiler import profile, ProfilerActivity
for net in ("cifar_resnet18", "convnext_atto_64"):
    model, shape, bs = network(net); model = model.cuda(); x = torch.randn(bs, *shape, device="cuda")
    gf = GradientFeatures(model)
    for _ in range(3): gf(x)
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        for _ in range(3): gf(x)
        torch.cuda.synchronize()
    t = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=30)
    open(f"{out}/profile_{net}.txt", "w").write(t + "\n\nBY CUDA\n" + prof.key_averages().table(sort_by="self_cuda_time_total", row_limit=20))
    print(net, "profiled", f"{time.time()-t0:.0f}s", flush=True)
# 3. a GPU-sized batch on two networks
done = []
for net in ("cifar_resnet18", "convnext_atto_64"):
    done.append(benchmark_gradients(("batched_fwd_bwd", "torch_func", "backpack", "gf_l2sq", "gf_all_stats"), batch_size=256, chunk_size=256, repeats=3, rounds=1, device="cuda", net=net, threads=8).reset_index())
    pd.concat(done).to_csv(f"{out}/networks_cuda_256.csv", index=False)
    print(net, "256 done", f"{time.time()-t0:.0f}s", flush=True)
