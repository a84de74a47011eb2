"""Train the frozen LeNet of lesson 08's MNIST protocol and write it as package data.

    GAN_LESSONS_DATA=/path/to/data python tools/train_lenet.py   # writes gan_lessons/assets/lenet_mnist.pt, prints its sha256

The recipe of lesson 08 (Adam 2e-3, batches of 128, on the 60,000 training digits at 32 px), 3 epochs, seeded and
single-threaded. It prints the test accuracy.
"""
import hashlib, sys, time
from pathlib import Path
import torch
import torch.nn.functional as F
from torchvision.datasets import MNIST
from gan_lessons.download import data_dir, get_dataset
from gan_lessons.evaluation import LeNet

def train(epochs=3, bs=128):
    torch.set_num_threads(1); torch.manual_seed(0)
    x, x_test = get_dataset('mnist', size=32)[:], get_dataset('mnist', size=32, train=False)[:]
    y = MNIST(data_dir()/'mnist', train=True).targets; y_test = MNIST(data_dir()/'mnist', train=False).targets
    net, start = LeNet(), time.perf_counter()
    opt = torch.optim.Adam(net.parameters(), 2e-3)
    g = torch.Generator().manual_seed(0)
    for epoch in range(epochs):
        perm = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), bs):
            idx = perm[i:i + bs]
            loss = F.cross_entropy(net(x[idx]), y[idx]); opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad(): acc = (net(x_test).argmax(1) == y_test).float().mean().item()
        print(f"epoch {epoch + 1}/{epochs}: test accuracy {100 * acc:.2f} %, {time.perf_counter() - start:.0f} s", flush=True)
    return net.eval()

if __name__ == '__main__':
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent/'gan_lessons/assets/lenet_mnist.pt')
    torch.save(train().state_dict(), out)
    print(f"{out}: sha256 {hashlib.sha256(out.read_bytes()).hexdigest()}")
